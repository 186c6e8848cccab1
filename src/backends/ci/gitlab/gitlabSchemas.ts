import * as z from 'zod';

// Shapes of the GitLab REST answers we read (docs.gitlab.com/api/pipelines,
// docs.gitlab.com/api/jobs, docs.gitlab.com/api/users). Statuses are free strings: a
// new one maps to "unknown".

const when = z.string().nullish();
const user = z.object({ username: z.string().nullish(), name: z.string().nullish() }).nullish();

// What pipelines and jobs both carry: identity, status, page, times and who started it.
const gitlabExecutionSchema = z.object({
  id: z.number(),
  status: z.string().nullish(),
  web_url: z.string().nullish(),
  created_at: when,
  started_at: when,
  finished_at: when,
  duration: z.number().nullish(),
  user,
});

export const gitlabPipelineSchema = gitlabExecutionSchema.extend({
  iid: z.number().nullish(),
  sha: z.string().nullish(),
  ref: z.string().nullish(),
  source: z.string().nullish(),
  name: z.string().nullish(),
  updated_at: when,
});

export const gitlabPipelinesSchema = z.array(gitlabPipelineSchema);

export const gitlabJobSchema = gitlabExecutionSchema.extend({
  name: z.string(),
  stage: z.string().nullish(),
  /** Set once the job was erased: its log and artifacts are gone. */
  erased_at: when,
});

export const gitlabJobsSchema = z.array(gitlabJobSchema);

/** GET /user: who the token belongs to. */
export const gitlabUserSchema = z.object({ username: z.string() });

export type GitlabPipeline = z.output<typeof gitlabPipelineSchema>;
export type GitlabJob = z.output<typeof gitlabJobSchema>;

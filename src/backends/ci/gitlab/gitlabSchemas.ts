import * as z from 'zod';

// Shapes of the GitLab REST answers we read (docs.gitlab.com/api/pipelines,
// docs.gitlab.com/api/jobs). Statuses are free strings: a new one maps to "unknown".

const when = z.string().nullish();
const user = z.object({ username: z.string().nullish(), name: z.string().nullish() }).nullish();

export const gitlabPipelineSchema = z.object({
  id: z.number(),
  iid: z.number().nullish(),
  sha: z.string().nullish(),
  ref: z.string().nullish(),
  status: z.string().nullish(),
  source: z.string().nullish(),
  name: z.string().nullish(),
  web_url: z.string().nullish(),
  created_at: when,
  updated_at: when,
  started_at: when,
  finished_at: when,
  duration: z.number().nullish(),
  user,
});

export const gitlabPipelinesSchema = z.array(gitlabPipelineSchema);

export const gitlabJobSchema = z.object({
  id: z.number(),
  name: z.string(),
  stage: z.string().nullish(),
  status: z.string().nullish(),
  web_url: z.string().nullish(),
  created_at: when,
  started_at: when,
  finished_at: when,
  duration: z.number().nullish(),
  user,
});

export const gitlabJobsSchema = z.array(gitlabJobSchema);

export type GitlabPipeline = z.output<typeof gitlabPipelineSchema>;
export type GitlabJob = z.output<typeof gitlabJobSchema>;

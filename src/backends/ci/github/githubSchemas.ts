import * as z from 'zod';

// Shapes of the GitHub REST answers we read (docs.github.com/rest/actions/workflow-runs,
// /workflow-jobs, /workflows, /repos/contents). Only what we use is required; status
// words are free strings so that a new one maps to "unknown" instead of failing.

const when = z.string().nullish();

export const githubRunSchema = z.object({
  id: z.number(),
  name: z.string().nullish(),
  display_title: z.string().nullish(),
  run_number: z.number().nullish(),
  head_branch: z.string().nullish(),
  head_sha: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  event: z.string().nullish(),
  html_url: z.string().nullish(),
  workflow_id: z.number().nullish(),
  path: z.string().nullish(),
  created_at: when,
  updated_at: when,
  run_started_at: when,
  actor: z.object({ login: z.string() }).nullish(),
  triggering_actor: z.object({ login: z.string() }).nullish(),
});

export const githubRunsPageSchema = z.object({
  total_count: z.number().optional(),
  workflow_runs: z.array(githubRunSchema),
});

const githubStepSchema = z.object({
  name: z.string(),
  number: z.number(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  started_at: when,
  completed_at: when,
});

export const githubJobSchema = z.object({
  id: z.number(),
  run_id: z.number().nullish(),
  name: z.string(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
  started_at: when,
  completed_at: when,
  steps: z.array(githubStepSchema).nullish(),
});

export const githubJobsPageSchema = z.object({
  total_count: z.number().optional(),
  jobs: z.array(githubJobSchema),
});

export const githubWorkflowsSchema = z.object({
  workflows: z.array(z.object({ id: z.number(), name: z.string(), path: z.string(), state: z.string().nullish() })),
});

export const githubContentSchema = z.object({
  content: z.string(),
  encoding: z.string().nullish(),
});

/** GET /user: who the token belongs to. */
export const githubUserSchema = z.object({ login: z.string() });

export type GithubRun = z.output<typeof githubRunSchema>;
export type GithubJob = z.output<typeof githubJobSchema>;

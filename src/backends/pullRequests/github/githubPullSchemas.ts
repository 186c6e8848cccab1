import * as z from 'zod';

// The fields of GitHub's REST answers the pull request client reads (docs.github.com/en/rest:
// pulls, reviews, checks/runs, branches, repos); everything else passes untouched.

const login = z.object({ login: z.string() }).passthrough();

export const githubPullSchema = z
  .object({
    number: z.number().int(),
    title: z.string(),
    html_url: z.string(),
    state: z.string(),
    draft: z.boolean().optional(),
    merged: z.boolean().optional(),
    merged_at: z.string().nullish(),
    updated_at: z.string().nullish(),
    user: login.nullish(),
    head: z.object({ ref: z.string(), sha: z.string(), repo: z.object({ owner: login.nullish() }).passthrough().nullish() }).passthrough(),
    base: z.object({ ref: z.string() }).passthrough(),
    requested_reviewers: z.array(login).nullish(),
    requested_teams: z.array(z.object({ slug: z.string() }).passthrough()).nullish(),
    mergeable: z.boolean().nullish(),
    mergeable_state: z.string().nullish(),
  })
  .passthrough();

export const githubPullListSchema = z.array(githubPullSchema);

export const githubReviewListSchema = z.array(z.object({ user: login.nullish(), state: z.string() }).passthrough());

export const githubCheckRunsSchema = z
  .object({
    total_count: z.number().int().optional(),
    check_runs: z.array(
      z
        .object({
          id: z.number().int(),
          name: z.string(),
          status: z.string().nullish(),
          conclusion: z.string().nullish(),
          html_url: z.string().nullish(),
          details_url: z.string().nullish(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export const githubBranchSchema = z
  .object({
    name: z.string(),
    protection: z
      .object({
        required_status_checks: z
          .object({ contexts: z.array(z.string()).nullish(), checks: z.array(z.object({ context: z.string() }).passthrough()).nullish() })
          .passthrough()
          .nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();

export const githubRepositorySchema = z
  .object({
    default_branch: z.string(),
    allow_merge_commit: z.boolean().nullish(),
    allow_squash_merge: z.boolean().nullish(),
    allow_rebase_merge: z.boolean().nullish(),
  })
  .passthrough();

export const githubMergeResultSchema = z.object({ sha: z.string().nullish(), merged: z.boolean().nullish(), message: z.string().nullish() }).passthrough();

export const githubThreadsSchema = z
  .object({
    data: z
      .object({
        repository: z
          .object({ pullRequest: z.object({ reviewThreads: z.object({ nodes: z.array(z.object({ isResolved: z.boolean() }).passthrough()) }).passthrough() }).passthrough().nullish() })
          .passthrough()
          .nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();

export type GithubPull = z.output<typeof githubPullSchema>;
export type GithubCheckRuns = z.output<typeof githubCheckRunsSchema>;

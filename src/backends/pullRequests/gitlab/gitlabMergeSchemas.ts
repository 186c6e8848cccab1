import * as z from 'zod';

// The fields of GitLab's REST answers the merge request client reads (docs.gitlab.com/api:
// merge_requests, merge_request_approvals, discussions, jobs, projects).

const user = z.object({ username: z.string() }).passthrough();

export const gitlabMergeRequestSchema = z
  .object({
    iid: z.number().int(),
    title: z.string(),
    web_url: z.string(),
    state: z.string(),
    draft: z.boolean().nullish(),
    work_in_progress: z.boolean().nullish(),
    source_branch: z.string(),
    target_branch: z.string(),
    sha: z.string().nullish(),
    author: user.nullish(),
    reviewers: z.array(user).nullish(),
    has_conflicts: z.boolean().nullish(),
    detailed_merge_status: z.string().nullish(),
    merge_status: z.string().nullish(),
    updated_at: z.string().nullish(),
    merge_commit_sha: z.string().nullish(),
    squash_commit_sha: z.string().nullish(),
    head_pipeline: z.object({ id: z.number().int(), status: z.string().nullish(), web_url: z.string().nullish() }).passthrough().nullish(),
  })
  .passthrough();

export const gitlabMergeRequestListSchema = z.array(gitlabMergeRequestSchema);

export const gitlabApprovalsSchema = z.object({ approved_by: z.array(z.object({ user })).nullish(), approvals_left: z.number().int().nullish() }).passthrough();

export const gitlabDiscussionListSchema = z.array(z.object({ notes: z.array(z.object({ resolvable: z.boolean().nullish(), resolved: z.boolean().nullish() }).passthrough()).nullish() }).passthrough());

export const gitlabPipelineJobListSchema = z.array(
  z.object({ id: z.number().int(), name: z.string(), status: z.string().nullish(), allow_failure: z.boolean().nullish(), web_url: z.string().nullish() }).passthrough(),
);

export const gitlabProjectSchema = z.object({ id: z.number().int().optional(), default_branch: z.string().nullish(), merge_method: z.string().nullish(), squash_option: z.string().nullish() }).passthrough();

export type GitlabMergeRequest = z.output<typeof gitlabMergeRequestSchema>;
export type GitlabPipelineJob = z.output<typeof gitlabPipelineJobListSchema>[number];

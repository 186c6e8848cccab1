import type { Mergeability, PullRequest, PullRequestCheck, PullRequestState, ReviewDecision } from '../../../core/pullRequests/pullRequestTypes';
import { gitlabStatus } from '../../ci/gitlab/gitlabMapping';
import { clean } from '../../ci/mappingHelpers';
import type { GitlabMergeRequest, GitlabPipelineJob } from './gitlabMergeSchemas';

// GitLab's merge request fields in our words. detailed_merge_status (GitLab 15.6+) says
// why a request can not merge; older servers send only merge_status.

const stillChecking = new Set(['checking', 'unchecked', 'preparing', 'approvals_syncing', 'cannot_be_merged_recheck']);

export function gitlabMergeState(mr: GitlabMergeRequest): PullRequestState {
  if (mr.state === 'merged') return 'merged';
  if (mr.state === 'closed' || mr.state === 'locked') return 'closed';
  return mr.draft === true || mr.work_in_progress === true ? 'draft' : 'open';
}

export function gitlabMergeability(mr: GitlabMergeRequest): Mergeability {
  const detail = mr.detailed_merge_status ?? mr.merge_status ?? 'unchecked';
  if (mr.has_conflicts === true || detail === 'conflict' || detail === 'cannot_be_merged') return 'conflicts';
  if (detail === 'mergeable' || detail === 'can_be_merged') return 'clean';
  if (detail === 'need_rebase') return 'behind';
  if (stillChecking.has(detail)) return 'unknown';
  return 'blocked';
}

/** Jobs of the head pipeline; a job not allowed to fail is required, as GitLab's "pipeline must succeed" treats it. */
export function gitlabChecks(jobs: readonly GitlabPipelineJob[], pipelineId: number): PullRequestCheck[] {
  return jobs
    .map((job) => clean({ name: job.name, status: gitlabStatus(job.status), required: job.allow_failure !== true, url: job.web_url ?? undefined, runId: String(pipelineId), jobId: String(job.id) }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}

export function gitlabReviewDecision(mr: GitlabMergeRequest, approvedBy: readonly string[], approvalsLeft: number | undefined): ReviewDecision {
  if (mr.detailed_merge_status === 'requested_changes') return 'changes-requested';
  if (mr.detailed_merge_status === 'not_approved' || (approvalsLeft ?? 0) > 0) return 'review-required';
  if (approvedBy.length > 0) return 'approved';
  return (mr.reviewers ?? []).length > 0 ? 'review-required' : 'none';
}

export interface GitlabMergeParts {
  mr: GitlabMergeRequest;
  checks: PullRequestCheck[];
  approvedBy: string[];
  approvalsLeft?: number;
  unresolvedThreads?: number;
}

export function toMergeRequest(parts: GitlabMergeParts): PullRequest {
  const { mr, approvedBy } = parts;
  return clean({
    number: mr.iid,
    reference: `!${mr.iid}`,
    title: mr.title,
    url: mr.web_url,
    state: gitlabMergeState(mr),
    headBranch: mr.source_branch,
    headSha: mr.sha ?? '',
    baseBranch: mr.target_branch,
    author: mr.author?.username,
    mergeability: gitlabMergeability(mr),
    mergeabilityDetail: mr.detailed_merge_status ?? mr.merge_status ?? undefined,
    checks: parts.checks,
    reviewDecision: gitlabReviewDecision(mr, approvedBy, parts.approvalsLeft),
    requestedReviewers: (mr.reviewers ?? []).map((r) => r.username).filter((name) => !approvedBy.includes(name)),
    approvedBy,
    unresolvedThreads: parts.unresolvedThreads,
  });
}

import type { Mergeability, PullRequest, PullRequestCheck, PullRequestState, ReviewDecision } from '../../../core/pullRequests/pullRequestTypes';
import { githubStatus } from '../../ci/github/githubMapping';
import { clean } from '../../ci/mappingHelpers';
import type { GithubCheckRuns, GithubPull } from './githubPullSchemas';

// GitHub's pull request fields in our words. mergeable_state is GitHub's own summary
// (clean, unstable, blocked, behind, dirty, draft, has_hooks, unknown); null mergeable
// means GitHub has not computed it yet, so we say unknown and look again soon.

export function githubPullState(pull: GithubPull): PullRequestState {
  if (pull.merged === true || (pull.merged_at ?? undefined) !== undefined) return 'merged';
  if (pull.state === 'closed') return 'closed';
  return pull.draft === true ? 'draft' : 'open';
}

export function githubMergeability(pull: GithubPull): Mergeability {
  const state = pull.mergeable_state ?? 'unknown';
  if (pull.mergeable === false || state === 'dirty') return 'conflicts';
  if (state === 'clean' || state === 'has_hooks') return 'clean';
  if (state === 'unstable') return 'unstable';
  if (state === 'blocked' || state === 'draft') return 'blocked';
  if (state === 'behind') return 'behind';
  return 'unknown';
}

/** Check runs of the head commit, with the required contexts (including those not reported yet) first. */
export function githubChecks(runs: GithubCheckRuns['check_runs'], required: ReadonlySet<string>): PullRequestCheck[] {
  // A re-run leaves the old check run; the newest one (highest id) per name counts.
  const newest = new Map<string, GithubCheckRuns['check_runs'][number]>();
  for (const run of runs) if ((newest.get(run.name)?.id ?? -1) < run.id) newest.set(run.name, run);
  const checks = [...newest.values()].map((run): PullRequestCheck => {
    const link = /\/actions\/runs\/(\d+)(?:\/job\/(\d+))?/.exec(run.details_url ?? run.html_url ?? '');
    return clean({ name: run.name, status: githubStatus(run.status, run.conclusion).status, required: required.has(run.name), url: run.html_url ?? run.details_url ?? undefined, runId: link?.[1], jobId: link?.[2] });
  });
  // A required check that has not reported yet is waiting, as GitHub's "Expected" row says.
  for (const name of required) if (!newest.has(name)) checks.push({ name, status: 'queued', required: true, expected: true });
  return checks.sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}

export interface GithubPullParts {
  pull: GithubPull;
  checks: PullRequestCheck[];
  reviewDecision: ReviewDecision;
  approvedBy: string[];
  unresolvedThreads?: number;
}

export function toPullRequest(parts: GithubPullParts): PullRequest {
  const { pull } = parts;
  const reviewers = [...(pull.requested_reviewers ?? []).map((r) => r.login), ...(pull.requested_teams ?? []).map((t) => `team:${t.slug}`)];
  return clean({
    number: pull.number,
    reference: `#${pull.number}`,
    title: pull.title,
    url: pull.html_url,
    state: githubPullState(pull),
    headBranch: pull.head.ref,
    headSha: pull.head.sha,
    baseBranch: pull.base.ref,
    author: pull.user?.login,
    mergeability: githubMergeability(pull),
    mergeabilityDetail: pull.mergeable_state ?? undefined,
    checks: parts.checks,
    reviewDecision: parts.reviewDecision,
    requestedReviewers: reviewers,
    approvedBy: parts.approvedBy,
    unresolvedThreads: parts.unresolvedThreads,
  });
}

import { isFinished } from '../ci/ciTypes';
import type { PullRequest, PullRequestCheck, ReviewDecision } from './pullRequestTypes';

// Pure readings of a request: what its checks add up to, what its reviews decide, and
// why it can not be merged yet, in words a row or a refusal can show.

/** The checks in one word: failed if any failed, else running while any runs, else passed; none without checks. */
export type ChecksRollup = 'failed' | 'running' | 'passed' | 'none';

export function checksRollup(checks: readonly PullRequestCheck[]): ChecksRollup {
  if (checks.length === 0) return 'none';
  if (checks.some((check) => check.status === 'failed' || check.status === 'cancelled')) return 'failed';
  if (checks.some((check) => !isFinished(check.status))) return 'running';
  return 'passed';
}

/** True while a reported check has not finished: worth looking again soon, whatever the others say. */
export function checksPending(checks: readonly PullRequestCheck[]): boolean {
  return checks.some((check) => check.expected !== true && !isFinished(check.status));
}

/** True while the host may still change its answer without the request changing: checks run, mergeability is being computed. */
export function stillSettling(pr: PullRequest): boolean {
  if (pr.state === 'merged' || pr.state === 'closed') return false;
  return checksPending(pr.checks) || pr.mergeability === 'unknown';
}

/** "3/4 checks passed", "1 failed", "2 running". */
export function checksLine(checks: readonly PullRequestCheck[]): string {
  if (checks.length === 0) return 'no checks';
  const failed = checks.filter((c) => c.status === 'failed' || c.status === 'cancelled').length;
  const running = checks.filter((c) => !isFinished(c.status)).length;
  const passed = checks.filter((c) => c.status === 'succeeded' || c.status === 'skipped').length;
  const parts = [`${passed}/${checks.length} checks passed`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (running > 0) parts.push(`${running} running`);
  return parts.join(', ');
}

/** One submitted review, in order of submission. */
export interface ReviewEvent {
  user: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED (GitHub's words). */
  state: string;
}

/**
 * The decision of a set of reviews as GitHub computes it: each reviewer's latest approving,
 * blocking or dismissing review counts (a comment changes nothing); one request for changes
 * outweighs approvals. `reviewRequired`: the base branch needs an approval.
 */
export function reviewDecisionOf(reviews: readonly ReviewEvent[], reviewRequired: boolean): { decision: ReviewDecision; approvedBy: string[] } {
  const latest = new Map<string, string>();
  for (const review of reviews) if (review.state !== 'COMMENTED' && review.state !== 'PENDING') latest.set(review.user, review.state);
  const approvedBy = [...latest].filter(([, state]) => state === 'APPROVED').map(([user]) => user);
  if ([...latest.values()].includes('CHANGES_REQUESTED')) return { decision: 'changes-requested', approvedBy };
  if (approvedBy.length > 0) return { decision: 'approved', approvedBy };
  return { decision: reviewRequired ? 'review-required' : 'none', approvedBy };
}

/** Why the request can not be merged now, each a short phrase; empty when nothing blocks it. */
export function mergeBlockers(pr: PullRequest): string[] {
  if (pr.state === 'merged') return ['it is merged already'];
  if (pr.state === 'closed') return ['it is closed'];
  const blockers: string[] = [];
  if (pr.state === 'draft') blockers.push('it is a draft');
  if (pr.mergeability === 'conflicts') blockers.push(`it conflicts with ${pr.baseBranch}`);
  if (pr.mergeability === 'behind') blockers.push(`${pr.baseBranch} moved on; update the branch first`);
  const required = pr.checks.filter((check) => check.required);
  const failing = required.filter((check) => check.status === 'failed' || check.status === 'cancelled');
  const pending = required.filter((check) => !isFinished(check.status));
  if (failing.length > 0) blockers.push(`required check${failing.length === 1 ? '' : 's'} failed: ${failing.map((c) => c.name).join(', ')}`);
  if (pending.length > 0) blockers.push(`required check${pending.length === 1 ? '' : 's'} not done: ${pending.map((c) => c.name).join(', ')}`);
  if (pr.reviewDecision === 'changes-requested') blockers.push('a reviewer requested changes');
  if (pr.reviewDecision === 'review-required') blockers.push('it needs an approving review');
  if (blockers.length === 0 && pr.mergeability === 'blocked') blockers.push(`the host blocks it (${pr.mergeabilityDetail ?? 'blocked'})`);
  return blockers;
}

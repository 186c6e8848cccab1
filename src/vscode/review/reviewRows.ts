import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import { checksLine, checksRollup, mergeBlockers } from '../../core/pullRequests/pullRequestSummary';
import type { PullRequest, PullRequestCheck } from '../../core/pullRequests/pullRequestTypes';
import { CommandId } from '../commands/commandTable';
import { infoRow } from '../trees/commonRows';
import { contextValue } from '../trees/contextValue';
import { markdown, type RowNode } from '../trees/rowNode';
import type { ReviewState } from './reviewSession';

// The Plan view's Review section: the checked-out branch's pull or merge request, its
// checks (each opening its CI page), its reviews and open threads, or what is in the way
// (sign-in, no remote, no branch, no request yet). Pure: state in, rows out.

/** The Review section, or nothing when devops.yaml names no GitHub or GitLab repository. */
export function reviewRows(state: ReviewState | undefined): RowNode[] {
  if (!state) return [];
  const noun = state.host.provider === 'github' ? 'pull request' : 'merge request';
  return [{ id: 'review', label: 'Review', description: state.repository, icon: 'git-pull-request', contextValue: contextValue('section'), children: sectionRows(state, noun) }];
}

function sectionRows(state: ReviewState, noun: string): RowNode[] {
  if (!state.signedIn) {
    return state.host.provider === 'github'
      ? [infoRow('review/sign-in', 'Sign in to GitHub to see the pull request', state.repository, { command: CommandId.signInGithub, title: 'Sign in to GitHub' }, 'account')]
      : [infoRow('review/sign-in', 'Set a GitLab token to see the merge request', state.repository, { command: CommandId.setGitlabToken, title: 'Set GitLab Token' }, 'account')];
  }
  const { branch, loaded, pullRequest, error } = state.model.state;
  if (branch === undefined) return [infoRow('review/no-branch', 'Not on a branch', `check out a branch (Start work) to see its ${noun}`)];
  const rows: RowNode[] = [];
  if (state.pushTarget?.kind === 'no-remote') rows.push(infoRow('review/no-remote', 'No git remote "origin"', `add one to push ${branch} and open a ${noun}`, undefined, 'warning'));
  if (state.pushTarget?.kind === 'fork') rows.push(infoRow('review/fork', `origin is the fork ${state.pushTarget.path}`, `${noun}s go to ${state.repository}`, undefined, 'repo-forked'));
  if (error) rows.push(errorRow(error, noun, pullRequest !== undefined));
  if (!loaded) return [...rows, infoRow('review/loading', `Reading the ${noun} of ${branch}…`, undefined, undefined, 'loading~spin')];
  if (!pullRequest) {
    if (error) return rows;
    return [...rows, { ...infoRow('review/none', `No ${noun} for ${branch}`, `Create ${noun}…`, { command: CommandId.reviewCreatePullRequest, title: `Create ${noun}` }, 'git-pull-request-create'), contextValue: contextValue('info', ['pr-creatable']) }];
  }
  return [...rows, pullRequestRow(pullRequest, noun)];
}

function errorRow(error: Error, noun: string, stale: boolean): RowNode {
  const detail = (error.message.split(/\r?\n/, 1)[0] ?? '').slice(0, 200);
  const signIn = DevopsError.is(error, 'unauthorized');
  return {
    id: 'review/error',
    label: signIn ? `Sign in again to see the ${noun}` : `Could not read the ${noun}`,
    description: stale ? `showing the last one read · ${detail}` : detail,
    tooltip: `${detail}\nClick to retry.`,
    icon: 'error',
    iconColor: 'list.errorForeground',
    contextValue: contextValue('error', ['retry']),
    command: { command: CommandId.refresh, title: 'Retry', arguments: ['devops.plan'] },
    children: [],
  };
}

const stateIcons: Record<PullRequest['state'], { icon: string; color?: string }> = {
  draft: { icon: 'git-pull-request-draft' },
  open: { icon: 'git-pull-request', color: 'charts.green' },
  merged: { icon: 'git-merge', color: 'charts.purple' },
  closed: { icon: 'git-pull-request-closed', color: 'list.errorForeground' },
};

/** The line the active sprint item's row shows: "#12 open · 3/4 checks passed". */
export function pullRequestNote(pr: PullRequest): string {
  return `${pr.reference} ${pr.state}${pr.state === 'open' || pr.state === 'draft' ? ` · ${checksLine(pr.checks)}` : ''}`;
}

function pullRequestRow(pr: PullRequest, noun: string): RowNode {
  const blockers = mergeBlockers(pr);
  const open = pr.state === 'open' || pr.state === 'draft';
  const mergeWord = pr.mergeability === 'conflicts' ? 'conflicts' : pr.mergeability === 'unknown' ? 'checking mergeability' : blockers.length === 0 ? 'ready to merge' : 'blocked';
  const state = stateIcons[pr.state];
  const children: RowNode[] = [...pr.checks.map((check) => checkRow(check)), reviewsRow(pr)];
  if (pr.unresolvedThreads !== undefined) {
    children.push(infoRow('review/threads', pr.unresolvedThreads === 0 ? 'No unresolved threads' : `${pr.unresolvedThreads} unresolved thread${pr.unresolvedThreads === 1 ? '' : 's'}`, undefined, undefined, pr.unresolvedThreads === 0 ? 'comment' : 'comment-unresolved'));
  }
  if (open && blockers.length > 0) children.push(infoRow('review/blockers', 'Not mergeable yet', blockers.join('; '), undefined, 'circle-slash'));
  return {
    id: 'review/pr',
    label: `${pr.reference} ${pr.title}`,
    description: [pr.state, open ? mergeWord : undefined, open ? checksLine(pr.checks) : undefined].filter((p) => p !== undefined).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(`${pr.reference} ${pr.title}`).appendMarkdown('**\n\n');
      md.appendText(`${pr.headBranch} → ${pr.baseBranch} · ${pr.state}${pr.author ? ` · by ${pr.author}` : ''}\n\n`);
      if (open) md.appendText(blockers.length === 0 ? 'Nothing blocks the merge.' : `Blocked: ${blockers.join('; ')}.`);
      md.appendMarkdown(`\n\nClick to open the ${noun} in the browser.`);
    }),
    icon: state.icon,
    iconColor: state.color,
    contextValue: contextValue('pull-request', open ? ['mergeable'] : []),
    command: { command: 'vscode.open', title: 'Open in Browser', arguments: [vscode.Uri.parse(pr.url)] },
    children,
    data: { pullRequest: pr.number },
  };
}

const checkIcons: Record<string, { icon: string; color?: string }> = {
  failed: { icon: 'error', color: 'testing.iconFailed' },
  passed: { icon: 'pass', color: 'testing.iconPassed' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  none: { icon: 'circle-outline' },
};

function checkRow(check: PullRequestCheck): RowNode {
  const rollup = check.status === 'skipped' ? 'none' : checksRollup([check]);
  const icon = check.status === 'waiting' || check.status === 'queued' ? { icon: 'clock' } : checkIcons[rollup];
  const said = check.expected ? 'expected, not reported yet' : check.status;
  return {
    id: `review/check/${check.name}`,
    label: check.name,
    description: check.required ? `required · ${said}` : said,
    tooltip: `${check.name}: ${said}${check.runId ? ` (CI run ${check.runId})` : ''}${check.url ? '\nClick to open it.' : ''}`,
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('pr-check'),
    command: check.url ? { command: 'vscode.open', title: 'Open Check', arguments: [vscode.Uri.parse(check.url)] } : undefined,
    children: [],
    data: { runId: check.runId, jobId: check.jobId },
  };
}

function reviewsRow(pr: PullRequest): RowNode {
  const decision = { approved: 'approved', 'changes-requested': 'changes requested', 'review-required': 'review required', none: 'no reviews' }[pr.reviewDecision];
  const who = [pr.approvedBy.length > 0 ? `approved by ${pr.approvedBy.join(', ')}` : undefined, pr.requestedReviewers.length > 0 ? `waiting for ${pr.requestedReviewers.join(', ')}` : undefined];
  const icon = pr.reviewDecision === 'approved' ? 'check' : pr.reviewDecision === 'changes-requested' ? 'request-changes' : 'eye';
  return infoRow('review/reviews', `Reviews: ${decision}`, who.filter((w) => w !== undefined).join(' · ') || undefined, undefined, icon);
}

import * as assert from 'node:assert/strict';
import { checksLine, checksRollup, mergeBlockers, reviewDecisionOf } from '../../../src/core/pullRequests/pullRequestSummary';
import { pullRequestText } from '../../../src/core/pullRequests/pullRequestText';
import { pushTargetOf } from '../../../src/core/pullRequests/pushTarget';
import type { PullRequest } from '../../../src/core/pullRequests/pullRequestTypes';

const open: PullRequest = {
  number: 5,
  reference: '#5',
  title: 'Login',
  url: 'https://github.com/o/r/pull/5',
  state: 'open',
  headBranch: 'feature/x',
  headSha: 'abc',
  baseBranch: 'main',
  mergeability: 'clean',
  checks: [],
  reviewDecision: 'none',
  requestedReviewers: [],
  approvedBy: [],
};

describe('pull request readings', () => {
  it('decides reviews as GitHub does: the latest word of each reviewer, changes requested outweighs approvals', () => {
    assert.deepEqual(reviewDecisionOf([{ user: 'a', state: 'CHANGES_REQUESTED' }, { user: 'a', state: 'COMMENTED' }, { user: 'b', state: 'APPROVED' }], false), { decision: 'changes-requested', approvedBy: ['b'] });
    assert.deepEqual(reviewDecisionOf([{ user: 'a', state: 'CHANGES_REQUESTED' }, { user: 'a', state: 'APPROVED' }], true), { decision: 'approved', approvedBy: ['a'] });
    assert.deepEqual(reviewDecisionOf([{ user: 'a', state: 'APPROVED' }, { user: 'a', state: 'DISMISSED' }], true), { decision: 'review-required', approvedBy: [] });
    assert.deepEqual(reviewDecisionOf([], false), { decision: 'none', approvedBy: [] });
  });

  it('rolls checks up: a failure wins, then anything running', () => {
    assert.equal(checksRollup([]), 'none');
    assert.equal(checksRollup([{ name: 'a', status: 'succeeded', required: true }, { name: 'b', status: 'running', required: false }]), 'running');
    assert.equal(checksRollup([{ name: 'a', status: 'failed', required: false }, { name: 'b', status: 'running', required: true }]), 'failed');
    assert.equal(checksRollup([{ name: 'a', status: 'skipped', required: true }, { name: 'b', status: 'succeeded', required: true }]), 'passed');
    assert.equal(checksLine([{ name: 'a', status: 'failed', required: false }, { name: 'b', status: 'succeeded', required: true }, { name: 'c', status: 'queued', required: true }]), '1/3 checks passed, 1 failed, 1 running');
  });

  it('names what blocks a merge, and nothing when nothing does', () => {
    assert.deepEqual(mergeBlockers(open), []);
    const blocked: PullRequest = {
      ...open,
      state: 'draft',
      mergeability: 'conflicts',
      reviewDecision: 'changes-requested',
      checks: [{ name: 'build', status: 'failed', required: true }, { name: 'e2e', status: 'running', required: true }, { name: 'lint', status: 'failed', required: false }],
    };
    assert.deepEqual(mergeBlockers(blocked), ['it is a draft', 'it conflicts with main', 'required check failed: build', 'required check not done: e2e', 'a reviewer requested changes']);
    assert.deepEqual(mergeBlockers({ ...open, state: 'closed' }), ['it is closed']);
    assert.deepEqual(mergeBlockers({ ...open, mergeability: 'blocked', mergeabilityDetail: 'blocked' }), ['the host blocks it (blocked)']);
  });

  it('prefills title and body so the request closes or names the item', () => {
    const issue = { id: '#42', title: '  Login\n form ', status: 'in-progress', labels: [], description: 'Users sign in.', url: 'https://github.com/o/r/issues/42' };
    assert.deepEqual(pullRequestText(issue, 'github', true), { title: 'Login form', body: 'Closes #42\n\nUsers sign in.' });
    assert.deepEqual(pullRequestText(issue, 'gitlab', false), { title: 'Login form', body: 'Part of https://github.com/o/r/issues/42\n\nUsers sign in.' });
    const jira = { id: 'PROJ-7', title: 'Checkout flow', status: 'In Progress', labels: [], url: 'https://jira.example.com/browse/PROJ-7' };
    assert.deepEqual(pullRequestText(jira, 'jira', false), { title: 'PROJ-7: Checkout flow', body: 'PROJ-7: https://jira.example.com/browse/PROJ-7' });
    assert.equal(pullRequestText({ id: 'DL-101', title: 'DL-101 login form', status: 'todo', labels: [] }, 'file', false).title, 'DL-101 login form');
  });
});

describe('where Create pull request pushes', () => {
  it('tells no remote, the repository itself (also a URL it can not read) and a fork apart', () => {
    assert.deepEqual(pushTargetOf(undefined, undefined, 'octo-org/octo-repo'), { kind: 'no-remote' });
    assert.deepEqual(pushTargetOf('git@github.com:Octo-Org/octo-repo.git', 'Octo-Org/octo-repo', 'octo-org/octo-repo'), { kind: 'same' });
    assert.deepEqual(pushTargetOf('/srv/git/origin.git', undefined, 'octo-org/octo-repo'), { kind: 'same' });
    assert.deepEqual(pushTargetOf('https://github.com/me/octo-repo.git', 'me/octo-repo', 'octo-org/octo-repo'), { kind: 'fork', owner: 'me', path: 'me/octo-repo' });
  });
});

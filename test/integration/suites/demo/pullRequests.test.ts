import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StartWorkResult } from '../../../../src/core/git/startWork';
import { parseSprintFile } from '../../../../src/core/plan/sprintParser';
import type { CreatedPullRequest } from '../../../../src/vscode/review/createPullRequestCommand';
import type { MergedPullRequest } from '../../../../src/vscode/review/mergeCommand';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, row, showCiRunsView, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { fixture } from '../../../unit/ci/replayServer';
import { answerApprovals, failures } from '../empty/recordedPrompts';
import { useCiEntries } from './ciProvidersWorkspace';
import { PullRequestsReplay, repo } from './pullRequestsReplay';

// The Code stage inside VS Code, on the demo workspace against a GitHub replay server on
// 127.0.0.1 and a real origin (a bare repository): Start work → Create pull request (the
// branch pushed through the gated runner, title from the item, the item to review) → its
// checks appear in the Plan view → Merge (a racing push and a blocked merge refused with
// GitHub's reason first) → the item is done and the branch deleted on the host → the
// Pipeline offers the demo's stage that runs on merge (deploy-staging), and accepting runs it.

const token = 'ghp_PULL_REQUESTS_TEST_TOKEN';

describe('Pull request of the branch: create, checks, merge (GitHub replay server)', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let github: PullRequestsReplay;
  let root: string;
  let origin: string;
  let restoreConfig: (() => Promise<void>) | undefined;
  let branch = '';
  let itemId = '';
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd: root, encoding: 'utf8' }).trim();
  const statusOf = (id: string): string | undefined => {
    const plan = api.config.snapshot.config?.plan;
    assert.ok(plan);
    return parseSprintFile(readFileSync(join(root, plan.file), 'utf8'), plan.file, plan.statuses).sprint?.items.find((i) => i.id === id)?.status;
  };
  const lastFailure = (command: string): string | undefined => failures(api).filter((f) => f.command === command).at(-1)?.text;
  const reviewRow = (id: string): vscode.TreeItem => api.views.plan.getTreeItem(row(api.views.plan, id));

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot().fsPath;
    if (!existsSync(join(root, '.git'))) {
      git('init', '--quiet', '--initial-branch=main');
      git('add', '-A');
      git('commit', '--quiet', '-m', 'demo');
    }
    origin = mkdtempSync(join(tmpdir(), 'devops-origin-'));
    execFileSync('git', ['init', '--quiet', '--bare', origin]);
    github = await PullRequestsReplay.start();
    restoreConfig = await useCiEntries(api, [{ provider: 'github', baseUrl: github.base, repository: 'octo-org/octo-repo' }]);
    await vscode.commands.executeCommand('devops.plan.focus');
  });

  after(async () => {
    for (const topic of ['review', 'plan.addItem', 'pipeline.offer']) api.prompts.answer(topic, undefined);
    answerApprovals(api, undefined);
    await restoreConfig?.();
    await api.credentials.store('github', github.base, undefined);
    await github.close();
    try {
      git('remote', 'remove', 'origin');
    } catch {
      // Never added: the test failed before.
    }
    rmSync(origin, { recursive: true, force: true });
  });

  it('signed out: the Review section offers sign-in, and Merge says how to sign in', async () => {
    await waitFor('the Review section', () => api.review.signedIn === false);
    assert.equal(reviewRow('review/sign-in').label, 'Sign in to GitHub to see the pull request');
    await vscode.commands.executeCommand('devops.review.merge');
    assert.match(lastFailure('devops.review.merge') ?? '', /Not signed in to GitHub for octo-org\/octo-repo: sign in with "DevOps: Sign in to GitHub"/);
    assert.equal(github.server.requests.filter((r) => r.path.startsWith(`${repo}/pulls`)).length, 0, 'nothing asked while signed out');
    await api.credentials.store('github', github.base, token);
    await waitFor('signed in', () => api.review.signedIn === true);
  });

  it('Start work, then Create pull request: no remote is a clear message; with origin the branch is pushed and the pull opened from the item', async () => {
    api.prompts.answer('plan.addItem', (prompt) => (prompt.text.includes('title') ? 'Pull request flow' : ''));
    await vscode.commands.executeCommand('devops.plan.addItem');
    const item = api.plan.model?.items.find((i) => i.title === 'Pull request flow');
    assert.ok(item, 'the item was added');
    itemId = item.id;
    const started = await vscode.commands.executeCommand<StartWorkResult | undefined>('devops.plan.startWork', row(api.views.plan, `plan/${itemId}`));
    assert.equal(started?.kind, 'started');
    branch = git('symbolic-ref', '--short', 'HEAD');
    await waitFor('the Review section to follow the branch', async () => {
      await api.review.refresh();
      return api.views.plan.findRow('review/none');
    });
    assert.equal(reviewRow('review/none').label, `No pull request for ${branch}`);

    await vscode.commands.executeCommand('devops.review.createPullRequest');
    assert.match(lastFailure('devops.review.createPullRequest') ?? '', new RegExp(`no git remote "origin" to push ${branch} to`));
    assert.equal(github.bodies('POST', `${repo}/pulls`).length, 0);

    git('remote', 'add', 'origin', origin);
    github.sha = git('rev-parse', 'HEAD');
    api.prompts.answer('review', (prompt) => (prompt.topic === 'review.draft' ? 'Ready for review' : true));
    const pushesBefore = api.ports.processPurposes.length;
    const created = await vscode.commands.executeCommand<CreatedPullRequest | undefined>('devops.review.createPullRequest');
    assert.equal(created?.pullRequest.reference, '#1347');
    assert.equal(created.itemMoved, true);
    assert.equal(statusOf(itemId), 'review');
    assert.equal(execFileSync('git', ['rev-parse', `refs/heads/${branch}`], { cwd: origin, encoding: 'utf8' }).trim(), github.sha, 'the branch reached origin');
    assert.ok(api.ports.processPurposes.length > pushesBefore, 'git push ran through the gated runner');
    const [sent] = github.bodies('POST', `${repo}/pulls`);
    assert.deepEqual(sent, { title: `${itemId}: Pull request flow`, body: itemId, head: branch, base: 'trunk', draft: false });
  });

  it('the pull and its checks appear in the Plan view and on the active item\'s row', async () => {
    await api.review.refresh();
    await waitFor('the build check', () => api.views.plan.findRow('review/check/build'));
    assert.equal(reviewRow('review/check/build').description, 'required · running');
    assert.match(String(reviewRow('review/pr').description), /^open · blocked · 0\/1 checks passed, 1 running$/);
    assert.match(String(reviewRow('review/pr').contextValue), /\bmergeable\b/);
    assert.match(String(reviewRow(`plan/${itemId}`).description), /● active · #1347 open · 0\/1 checks passed/);
    assert.equal(reviewRow('review/reviews').label, 'Reviews: approved');
    assert.equal(reviewRow('review/threads').label, '2 unresolved threads');
    github.checks = 'passed';
    await api.review.refresh();
    await waitFor('the check to pass', () => reviewRow('review/check/build').description === 'required · succeeded');
    assert.match(String(reviewRow('review/pr').description), /^open · ready to merge · 1\/1 checks passed$/);
  });

  it('the status bar item includes the branch\'s CI: a failed run of the branch leads it', async () => {
    const failedRun = fixture<{ workflow_runs: Record<string, unknown>[] }>('github/workflow-runs.json').workflow_runs.find((r) => r.conclusion === 'failure');
    assert.ok(failedRun);
    github.runs = [{ ...failedRun, head_branch: branch, head_sha: github.sha }];
    await showCiRunsView(api);
    api.ci.refreshNow();
    await waitFor('the status bar to name the failed CI run', () => /CI failed: CI/.test(api.statusBar.text ?? ''));
    // Another source may lead (the demo's services are not running): an error rides along either way.
    assert.equal(api.statusBar.level, 'error');
    github.runs = [];
    api.ci.refreshNow();
    await waitFor('the status bar to drop the CI failure', () => !/CI failed/.test(api.statusBar.text ?? ''));
    await vscode.commands.executeCommand('devops.plan.focus');
  });

  it('Merge: a racing push and a blocked merge are refused with GitHub\'s reason; then merged, item done, branch deleted', async () => {
    api.prompts.answer('review', (prompt) => (prompt.topic === 'review.mergeMethod' ? 'Squash and merge' : prompt.topic === 'review.confirmMerge' ? `Merge and Delete ${branch}` : undefined));
    github.merge = 'head-changed';
    assert.equal(await vscode.commands.executeCommand('devops.review.merge'), undefined);
    assert.match(lastFailure('devops.review.merge') ?? '', new RegExp(`#1347 was not merged: ${branch} moved since it was read .*Head branch was modified`));
    github.merge = 'not-mergeable';
    await vscode.commands.executeCommand('devops.review.merge');
    assert.match(lastFailure('devops.review.merge') ?? '', /GitHub did not merge #1347: Pull Request is not mergeable/);
    assert.equal(statusOf(itemId), 'review', 'a refused merge moves nothing');

    const offers = (): string[][] => api.prompts.log.filter((p) => p.topic === 'pipeline.offer.merge').map((p) => p.options);
    assert.deepEqual(offers(), [], 'a refused merge offers nothing');
    await api.pipeline.load();
    const runsBefore = api.pipeline.history.length;
    api.prompts.answer('pipeline.offer', (prompt) => prompt.options[0]);
    answerApprovals(api, () => true);
    github.merge = 'merged';
    const merged = await vscode.commands.executeCommand<MergedPullRequest | undefined>('devops.review.merge');
    assert.deepEqual({ ...merged, commit: undefined }, { reference: '#1347', method: 'squash', commit: undefined, branchDeleted: true, itemId, itemMoved: true });
    assert.deepEqual(github.bodies('PUT', `${repo}/pulls/1347/merge`).at(-1), { merge_method: 'squash', sha: github.sha });
    assert.equal(github.server.count(`${repo}/git/refs/heads/${branch}`, 'DELETE'), 1);
    assert.equal(statusOf(itemId), 'done');
    await api.review.refresh();
    await waitFor('the merged pull', () => api.review.pullRequest?.state === 'merged');
    assert.match(String(reviewRow('review/pr').description), /^merged$/);

    await waitFor('the offer of the stage that runs on merge', () => offers().length > 0);
    assert.deepEqual(offers(), [['Run deploy-staging']]);
    const run = await waitFor('the accepted stage\'s run in history', () => (api.pipeline.history.length > runsBefore ? api.pipeline.history[0] : undefined));
    assert.deepEqual(run.requested, ['deploy-staging']);
    assert.deepEqual(run.stages.map((s) => [s.name, s.status]), [['deploy-staging', 'succeeded']]);
    await waitFor('the run in the Pipeline view\'s Runs', () => api.views.pipeline.findRow(`pipeline/run/${run.id}`));

    await vscode.commands.executeCommand('devops.review.merge');
    assert.equal(lastFailure('devops.review.merge'), '#1347 was merged already');
  });
});

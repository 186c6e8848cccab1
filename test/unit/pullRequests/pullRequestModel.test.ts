import * as assert from 'node:assert/strict';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { GithubPullRequests } from '../../../src/backends/pullRequests/github/githubPullRequests';
import { DevopsError } from '../../../src/core/errors';
import { PullRequestModel } from '../../../src/core/pullRequests/pullRequestModel';
import type { PullRequestState } from '../../../src/core/pullRequests/pullRequestModel';
import { RefreshScheduler } from '../../../src/core/refresh/refreshScheduler';
import { ManualTimers } from '../../../src/core/refresh/timers';
import { fixture, ReplayServer } from '../ci/replayServer';

const repo = '/repos/octo-org/octo-repo';
const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const branch = 'feature/DL-101-login-form';

describe('PullRequestModel over the GitHub client (replay server, manual timers)', () => {
  let server: ReplayServer;
  let timers: ManualTimers;
  let scheduler: RefreshScheduler;
  let model: PullRequestModel;
  let changes: PullRequestState[];

  beforeEach(async () => {
    server = await ReplayServer.start();
    server
      .on('GET', `${repo}/pulls`, { json: fixture('github/pulls-list.json') })
      .on('GET', `${repo}/pulls/1347`, { json: fixture('github/pull.json') })
      .on('GET', `${repo}/pulls/1347/reviews`, { json: fixture('github/pull-reviews.json') })
      .on('GET', `${repo}/commits/${sha}/check-runs`, { json: fixture('github/pull-check-runs.json') })
      .on('GET', `${repo}/branches/main`, { status: 404, body: '{"message":"Branch not found"}' })
      .on('POST', '/graphql', { json: fixture('github/pull-review-threads.json'), etag: false });
    timers = new ManualTimers(Date.parse('2026-11-27T10:00:00Z'));
    scheduler = new RefreshScheduler({ timers, random: () => 0.5 });
    const provider = new GithubPullRequests({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve('ghp_model'), timeoutMs: 2000 });
    model = new PullRequestModel({ provider, scheduler, topic: 'plan' });
    changes = [];
    model.onDidChange((state) => changes.push(state));
  });
  afterEach(async () => {
    model.provider.dispose?.();
    model.dispose();
    scheduler.dispose();
    await server.close();
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 200 && scheduler.status(model.jobId)?.state === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 2));
  }

  it('reads the branch\'s pull only while someone looks, fast while checks run', async () => {
    model.start();
    model.setBranch(branch);
    await timers.advance(0);
    await settle();
    assert.equal(server.requests.length, 0, 'nobody looks: nothing is read');
    const interest = scheduler.addInterest('plan');
    await timers.advance(0);
    await settle();
    assert.equal(model.state.pullRequest?.reference, '#1347');
    assert.equal(model.state.loaded, true);
    const listReads = (): number => server.count(`${repo}/pulls`);
    assert.equal(listReads(), 1);
    // A check still runs: the next read comes after the active interval (30 s), not the idle one.
    await timers.advance(31_000);
    await settle();
    assert.equal(listReads(), 2);
    interest.dispose();
    await timers.advance(10 * 60_000);
    await settle();
    assert.equal(listReads(), 2, 'hidden again: no more reads');
  });

  it('keeps the last pull and the error of a failed read; a new branch starts afresh', async () => {
    model.start();
    const interest = scheduler.addInterest('plan');
    model.setBranch(branch);
    await timers.advance(0);
    await settle();
    assert.ok(model.state.pullRequest);
    server.on('GET', `${repo}/pulls`, { status: 502, body: '{"message":"Server Error"}' });
    await model.refresh(new AbortController().signal);
    assert.ok(DevopsError.is(model.state.error, 'unavailable'));
    assert.equal(model.state.pullRequest?.number, 1347);
    server.on('GET', `${repo}/pulls`, { json: [] });
    model.setBranch('feature/other');
    assert.equal(model.state.pullRequest, undefined);
    assert.equal(model.state.loaded, false);
    await timers.advance(0);
    await settle();
    assert.equal(model.state.loaded, true);
    assert.equal(model.state.pullRequest, undefined);
    assert.equal(model.state.error, undefined);
    assert.ok(changes.length >= 4);
    interest.dispose();
  });
});

import * as assert from 'node:assert/strict';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { GithubPullRequests } from '../../../src/backends/pullRequests/github/githubPullRequests';
import { DevopsError } from '../../../src/core/errors';
import { PullRequestRefusal } from '../../../src/core/pullRequests/pullRequestRefusal';
import type { PullRequest } from '../../../src/core/pullRequests/pullRequestTypes';
import { fixture, ReplayServer } from '../ci/replayServer';

const token = 'ghp_PULLSECRET1234567890';
const repo = '/repos/octo-org/octo-repo';
const branch = 'feature/DL-101-login-form';
const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const signal = new AbortController().signal;

type Json = Record<string, unknown>;

describe('GitHub pull requests (replay server on 127.0.0.1)', () => {
  let server: ReplayServer;
  let client: GithubPullRequests;

  function serveOpenPull(): void {
    server
      .on('GET', `${repo}/pulls`, { json: fixture('github/pulls-list.json') })
      .on('GET', `${repo}/pulls/1347`, { json: fixture('github/pull.json') })
      .on('GET', `${repo}/pulls/1347/reviews`, { json: fixture('github/pull-reviews.json') })
      .on('GET', `${repo}/commits/${sha}/check-runs`, { json: fixture('github/pull-check-runs.json') })
      .on('GET', `${repo}/branches/main`, { json: fixture('github/branch-main-protected.json') })
      .on('POST', '/graphql', { json: fixture('github/pull-review-threads.json'), etag: false });
  }

  beforeEach(async () => {
    server = await ReplayServer.start();
    client = new GithubPullRequests({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(token), timeoutMs: 2000 });
  });
  afterEach(async () => {
    client.dispose();
    await server.close();
  });

  it('reads the pull of a branch: state, mergeability, required checks with their CI runs, reviews and threads', async () => {
    serveOpenPull();
    const { pullRequest: pr } = await client.findForBranch(branch, undefined, signal);
    const listed = server.requests[0];
    assert.equal(listed.url.searchParams.get('head'), `octo-org:${branch}`);
    assert.equal(listed.url.searchParams.get('state'), 'all');
    assert.equal(listed.headers.authorization, `Bearer ${token}`);
    assert.ok(pr);
    assert.equal(pr.reference, '#1347');
    assert.equal(pr.state, 'open');
    assert.equal(pr.headSha, sha);
    assert.equal(pr.baseBranch, 'main');
    assert.equal(pr.mergeability, 'blocked');
    assert.deepEqual(
      pr.checks.map((c) => [c.name, c.status, c.required]),
      [
        ['build', 'succeeded', true],
        ['security', 'queued', true],
        // The re-run (newer check run) counts, not the failed first attempt.
        ['test', 'running', true],
        ['lint', 'failed', false],
      ],
    );
    assert.equal(pr.checks[0].runId, '30433650');
    assert.equal(pr.checks[0].jobId, '901');
    assert.equal(pr.reviewDecision, 'approved');
    assert.deepEqual(pr.approvedBy, ['monalisa']);
    assert.deepEqual(pr.requestedReviewers, ['hubot', 'team:justice-league']);
    assert.equal(pr.unresolvedThreads, 2);
    const graphql = JSON.parse(server.requests.find((r) => r.path === '/graphql')?.body ?? '{}') as { variables: Json };
    assert.deepEqual(graphql.variables, { owner: 'octo-org', repo: 'octo-repo', number: 1347 });
  });

  it('polls cheaply: a quiet pull costs one 304, running checks are read again without the reviews', async () => {
    serveOpenPull();
    await client.findForBranch(branch, undefined, signal);
    const firstRound = server.requests.length;
    const again = await client.findForBranch(branch, undefined, signal);
    // Checks still run: the list (304), the check runs and the pull; no reviews, no threads.
    const second = server.requests.slice(firstRound).map((r) => r.path);
    assert.ok(second.includes(`${repo}/commits/${sha}/check-runs`));
    assert.ok(!second.includes(`${repo}/pulls/1347/reviews`));
    assert.ok(!second.includes('/graphql'));
    assert.equal(again.unchanged, true);
    // Every reported check done: the next poll is the list alone, though the required "security"
    // never reported (GitHub's "Expected" may wait forever; it is no reason to poll fast).
    const runs = fixture<{ check_runs: Json[] }>('github/pull-check-runs.json');
    for (const run of runs.check_runs) Object.assign(run, { status: 'completed', conclusion: 'success' });
    server.on('GET', `${repo}/commits/${sha}/check-runs`, { json: runs });
    const done = await client.findForBranch(branch, undefined, signal);
    assert.equal(done.unchanged, false);
    assert.deepEqual(done.pullRequest?.checks.map((c) => [c.name, c.status, c.expected ?? false]), [
      ['build', 'succeeded', false],
      ['security', 'queued', true],
      ['test', 'succeeded', false],
      ['lint', 'succeeded', false],
    ]);
    const before = server.requests.length;
    const quiet = await client.findForBranch(branch, undefined, signal);
    assert.deepEqual(server.requests.slice(before).map((r) => r.path), [`${repo}/pulls`]);
    assert.equal(quiet.unchanged, true);
    assert.ok(server.notModified >= 1);
  });

  it('follows Link pagination of check runs', async () => {
    serveOpenPull();
    const all = fixture<{ check_runs: Json[] }>('github/pull-check-runs.json').check_runs;
    const path = `${repo}/commits/${sha}/check-runs`;
    server.on('GET', path, (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page === 1) headers.link = `<${server.base}${path}?per_page=2&page=2>; rel="next", <${server.base}${path}?per_page=2&page=2>; rel="last"`;
      res.writeHead(200, headers).end(JSON.stringify({ total_count: all.length, check_runs: all.slice((page - 1) * 2, page * 2) }));
    });
    const { pullRequest } = await client.findForBranch(branch, undefined, signal);
    assert.equal(server.count(path), 2);
    assert.deepEqual(pullRequest?.checks.map((c) => c.name).sort(), ['build', 'lint', 'security', 'test']);
  });

  it('says when a branch has no pull, and reads merged and fork pulls', async () => {
    server.on('GET', `${repo}/pulls`, { json: [] });
    assert.equal((await client.findForBranch('feature/none', undefined, signal)).pullRequest, undefined);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].url.searchParams.get('head'), 'octo-org:feature/none');
    const merged = { ...fixture<Json>('github/pull.json'), state: 'closed', merged: true, merged_at: '2026-11-27T11:00:00Z', mergeable: null, mergeable_state: 'unknown' };
    serveOpenPull();
    server.on('GET', `${repo}/pulls`, { json: [{ ...merged, merged: undefined }] }).on('GET', `${repo}/pulls/1347`, { json: merged });
    const read = await client.findForBranch(branch, 'a-fork-owner', signal);
    assert.equal(read.pullRequest?.state, 'merged');
    assert.equal(server.requests.filter((r) => r.path === `${repo}/pulls`).at(-1)?.url.searchParams.get('head'), `a-fork-owner:${branch}`);
  });

  it('creates a draft pull, and refuses with GitHub\'s own words on 422', async () => {
    server.on('POST', `${repo}/pulls`, { json: fixture('github/pull-created.json'), status: 201 });
    const created = await client.create({ headBranch: branch, baseBranch: 'trunk', title: 'DL-101: Login form', body: 'DL-101', draft: true }, signal);
    assert.equal(created.state, 'draft');
    assert.equal(created.mergeability, 'unknown');
    assert.deepEqual(JSON.parse(server.requests[0].body), { title: 'DL-101: Login form', body: 'DL-101', head: branch, base: 'trunk', draft: true });
    server.on('POST', `${repo}/pulls`, { json: fixture('github/pull-create-422.json'), status: 422 });
    await assert.rejects(client.create({ headBranch: branch, headOwner: 'fork', baseBranch: 'trunk', title: 't', body: '', draft: false }, signal), (error: unknown) => {
      assert.ok(PullRequestRefusal.isRefusal(error, 'invalid'));
      assert.match(error.message, /A pull request already exists for octo-org:feature\/DL-101-login-form/);
      return true;
    });
    assert.equal((JSON.parse(server.requests[1].body) as Json).head, `fork:${branch}`);
  });

  it('merges with the method and the head the user saw; 405 and 409 become refusals with the reason', async () => {
    const pr = { number: 1347, reference: '#1347', headSha: sha } as PullRequest;
    const path = `${repo}/pulls/1347/merge`;
    server.on('PUT', path, { json: fixture('github/pull-merge-done.json'), etag: false });
    const outcome = await client.merge(pr, { method: 'squash', expectedHeadSha: sha }, signal);
    assert.equal(outcome.commit, sha);
    assert.deepEqual(JSON.parse(server.requests[0].body), { merge_method: 'squash', sha });
    server.on('PUT', path, { json: fixture('github/pull-merge-405.json'), status: 405, etag: false });
    await assert.rejects(client.merge(pr, { method: 'merge', expectedHeadSha: sha }, signal), (error: unknown) => PullRequestRefusal.isRefusal(error, 'not-mergeable') && /Pull Request is not mergeable/.test(error.message));
    server.on('PUT', path, { json: fixture('github/pull-merge-409.json'), status: 409, etag: false });
    await assert.rejects(client.merge(pr, { method: 'merge', expectedHeadSha: sha }, signal), (error: unknown) => PullRequestRefusal.isRefusal(error, 'head-changed') && /Head branch was modified/.test(error.message));
  });

  it('deletes the branch ref (gone already is fine) and reads the allowed merge methods', async () => {
    const ref = `${repo}/git/refs/heads/feature/DL-101-login-form`;
    server.on('DELETE', ref, { status: 204 });
    await client.deleteBranch(branch, signal);
    assert.equal(server.count(ref, 'DELETE'), 1);
    server.on('DELETE', ref, { json: fixture('github/ref-delete-422.json'), status: 422, etag: false });
    await client.deleteBranch(branch, signal);
    server.on('GET', repo, { json: fixture('github/repository.json') });
    assert.deepEqual(await client.settings(signal), { defaultBranch: 'trunk', mergeMethods: ['merge', 'squash'] });
  });

  it('signed out: refuses as unauthorized before sending anything', async () => {
    const signedOut = new GithubPullRequests({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(undefined), timeoutMs: 2000 });
    await assert.rejects(signedOut.findForBranch(branch, undefined, signal), (error: unknown) => DevopsError.is(error, 'unauthorized'));
    assert.equal(server.requests.length, 0);
    signedOut.dispose();
  });
});

import * as assert from 'node:assert/strict';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { GitlabMergeRequests } from '../../../src/backends/pullRequests/gitlab/gitlabMergeRequests';
import { DevopsError } from '../../../src/core/errors';
import { PullRequestRefusal } from '../../../src/core/pullRequests/pullRequestRefusal';
import type { PullRequest } from '../../../src/core/pullRequests/pullRequestTypes';
import { fixture, ReplayServer } from '../ci/replayServer';

const token = 'glpat-MERGESECRET123456';
const project = '/api/v4/projects/group%2Fproject';
const branch = 'feature/7-login-form';
const sha = '8888888888888888888888888888888888888888';
const signal = new AbortController().signal;

type Json = Record<string, unknown>;

describe('GitLab merge requests (replay server on 127.0.0.1)', () => {
  let server: ReplayServer;
  let client: GitlabMergeRequests;

  function serveOpenRequest(): void {
    server
      .on('GET', `${project}/merge_requests`, { json: fixture('gitlab/merge-requests.json') })
      .on('GET', `${project}/merge_requests/12`, { json: fixture('gitlab/merge-request.json') })
      .on('GET', `${project}/merge_requests/12/approvals`, { json: fixture('gitlab/merge-request-approvals.json') })
      .on('GET', `${project}/merge_requests/12/discussions`, { json: fixture('gitlab/merge-request-discussions.json') })
      .on('GET', `${project}/pipelines/46/jobs`, { json: fixture('gitlab/pipeline-jobs.json') });
  }

  beforeEach(async () => {
    server = await ReplayServer.start();
    client = new GitlabMergeRequests({ network: openNetwork, baseUrl: server.base, project: 'group/project', token: () => Promise.resolve(token), timeoutMs: 2000 });
  });
  afterEach(async () => {
    client.dispose();
    await server.close();
  });

  it('reads the merge request of a branch: pipeline jobs as checks, approvals, reviewers and unresolved discussions', async () => {
    serveOpenRequest();
    // The raw URL must carry the encoded project path, as GitLab expects.
    const { pullRequest: mr } = await client.findForBranch(branch, undefined, signal);
    const listed = server.requests[0];
    assert.equal(listed.url.searchParams.get('source_branch'), branch);
    assert.equal(listed.headers['private-token'], token);
    assert.ok(mr);
    assert.equal(mr.reference, '!12');
    assert.equal(mr.state, 'open');
    assert.equal(mr.headSha, sha);
    assert.equal(mr.mergeability, 'blocked');
    assert.equal(mr.mergeabilityDetail, 'not_approved');
    assert.deepEqual(
      mr.checks.map((c) => [c.name, c.status, c.required, c.runId, c.jobId]),
      [
        ['build', 'succeeded', true, '46', '7'],
        ['deploy', 'waiting', true, '46', '9'],
        ['test', 'failed', true, '46', '8'],
      ],
    );
    assert.equal(mr.reviewDecision, 'review-required');
    assert.deepEqual(mr.approvedBy, ['reviewer-one']);
    assert.deepEqual(mr.requestedReviewers, ['reviewer-two']);
    assert.equal(mr.unresolvedThreads, 2);
  });

  it('polls conditionally: while the pipeline waits only the request and its jobs are read again', async () => {
    serveOpenRequest();
    await client.findForBranch(branch, undefined, signal);
    const before = server.requests.length;
    const again = await client.findForBranch(branch, undefined, signal);
    const paths = server.requests.slice(before).map((r) => r.path);
    assert.deepEqual(paths, [`${project}/merge_requests`, `${project}/merge_requests/12`, `${project}/pipelines/46/jobs`]);
    assert.equal(again.unchanged, true);
    assert.ok(server.notModified >= 3);
  });

  it('follows Link pagination of discussions', async () => {
    serveOpenRequest();
    const all = fixture<Json[]>('gitlab/merge-request-discussions.json');
    const path = `${project}/merge_requests/12/discussions`;
    server.on('GET', path, (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-page': String(page), 'x-total-pages': '2' };
      if (page === 1) headers.link = `<${server.base}${path}?page=2&per_page=2>; rel="next", <${server.base}${path}?page=2&per_page=2>; rel="last"`;
      res.writeHead(200, headers).end(JSON.stringify(all.slice((page - 1) * 2, page * 2)));
    });
    const { pullRequest } = await client.findForBranch(branch, undefined, signal);
    assert.equal(server.count(path), 2);
    assert.equal(pullRequest?.unresolvedThreads, 2);
  });

  it('no request for the branch, and a merged one', async () => {
    server.on('GET', `${project}/merge_requests`, { json: [] });
    assert.equal((await client.findForBranch('feature/none', undefined, signal)).pullRequest, undefined);
    serveOpenRequest();
    const merged = fixture<Json>('gitlab/merge-request-merged.json');
    server.on('GET', `${project}/merge_requests`, { json: [merged] }).on('GET', `${project}/merge_requests/12`, { json: merged });
    assert.equal((await client.findForBranch(branch, undefined, signal)).pullRequest?.state, 'merged');
  });

  it('creates a draft by the title prefix; an existing request is refused with GitLab\'s words', async () => {
    const path = `${project}/merge_requests`;
    server.on('POST', path, { json: fixture('gitlab/merge-request-created.json'), status: 201 });
    const created = await client.create({ headBranch: branch, baseBranch: 'develop', title: '#7 Login form', body: 'Closes #7', draft: true }, signal);
    assert.equal(created.state, 'draft');
    assert.deepEqual(JSON.parse(server.requests[0].body), { source_branch: branch, target_branch: 'develop', title: 'Draft: #7 Login form', description: 'Closes #7' });
    server.on('POST', path, { json: fixture('gitlab/merge-request-create-409.json'), status: 409 });
    await assert.rejects(client.create({ headBranch: branch, baseBranch: 'develop', title: 't', body: '', draft: false }, signal), (error: unknown) => PullRequestRefusal.isRefusal(error, 'invalid') && /Another open merge request already exists/.test(error.message));
  });

  it('from a fork: opens the request in the fork\'s project, aimed at this one by its numeric id; a fork it cannot see is a refusal', async () => {
    const forkPath = '/api/v4/projects/alice%2Fsub%2Fproject/merge_requests';
    const upstream = fixture<Json>('gitlab/project.json');
    server
      .on('GET', project, { json: upstream })
      .on('POST', forkPath, { json: { ...fixture<Json>('gitlab/merge-request-created.json'), source_project_id: 4711 }, status: 201 });
    const created = await client.create({ headBranch: branch, headOwner: 'alice', headRepository: 'alice/sub/project', baseBranch: 'develop', title: '#7 Login form', body: 'Closes #7', draft: false }, signal);
    assert.equal(created.reference, '!12');
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url.pathname}`), [`GET ${project}`, `POST ${forkPath}`]);
    assert.deepEqual(JSON.parse(server.requests[1].body), { source_branch: branch, target_branch: 'develop', title: '#7 Login form', description: 'Closes #7', target_project_id: upstream.id });
    assert.equal(server.requests[1].headers['private-token'], token);
    server.on('POST', forkPath, { json: { message: '404 Project Not Found' }, status: 404 });
    await assert.rejects(client.create({ headBranch: branch, headRepository: 'alice/sub/project', baseBranch: 'develop', title: 't', body: '', draft: false }, signal), (error: unknown) => PullRequestRefusal.isRefusal(error, 'invalid') && /from the fork alice\/sub\/project: 404 Project Not Found/.test(error.message));
  });

  it('merges with the expected head and squash; 405, 406 and 409 are refusals with the reason', async () => {
    const mr = { number: 12, reference: '!12', headSha: sha } as PullRequest;
    const path = `${project}/merge_requests/12/merge`;
    server.on('PUT', path, { json: fixture('gitlab/merge-request-merged.json'), etag: false });
    const outcome = await client.merge(mr, { method: 'squash', expectedHeadSha: sha, deleteBranch: true }, signal);
    assert.deepEqual(outcome, { commit: '9999999999999999999999999999999999999999', branchDeleted: true });
    assert.deepEqual(JSON.parse(server.requests[0].body), { sha, squash: true, should_remove_source_branch: true });
    for (const [status, file, kind, words] of [
      [405, 'gitlab/merge-405.json', 'not-mergeable', /405 Method Not Allowed/],
      [406, 'gitlab/merge-406.json', 'not-mergeable', /Branch cannot be merged/],
      [409, 'gitlab/merge-409.json', 'head-changed', /SHA does not match HEAD/],
    ] as const) {
      server.on('PUT', path, { json: fixture(file), status, etag: false });
      await assert.rejects(client.merge(mr, { method: 'merge', expectedHeadSha: sha }, signal), (error: unknown) => PullRequestRefusal.isRefusal(error, kind) && words.test(error.message));
    }
  });

  it('deletes the source branch and reads the squash option as merge methods', async () => {
    const ref = `${project}/repository/branches/feature%2F7-login-form`;
    server.on('DELETE', ref, { status: 204 });
    await client.deleteBranch(branch, signal);
    assert.equal(server.requests[0].url.pathname, ref);
    server.on('GET', project, { json: fixture('gitlab/project.json') });
    assert.deepEqual(await client.settings(signal), { defaultBranch: 'develop', mergeMethods: ['squash', 'merge'] });
  });

  it('without a token: refuses as unauthorized before sending anything', async () => {
    const noToken = new GitlabMergeRequests({ network: openNetwork, baseUrl: server.base, project: 'group/project', token: () => Promise.resolve(undefined), timeoutMs: 2000 });
    await assert.rejects(noToken.findForBranch(branch, undefined, signal), (error: unknown) => DevopsError.is(error, 'unauthorized'));
    assert.equal(server.requests.length, 0);
    noToken.dispose();
  });
});

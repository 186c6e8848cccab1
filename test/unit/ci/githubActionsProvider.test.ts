import * as assert from 'node:assert/strict';
import { GithubActionsProvider } from '../../../src/backends/ci/github/githubActionsProvider';
import { HttpError } from '../../../src/backends/http/httpErrors';
import type { CiJob, CiRun } from '../../../src/core/ci/ciTypes';
import { DevopsError } from '../../../src/core/errors';
import { fixture, ReplayServer } from './replayServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const token = 'ghp_TESTSECRET1234567890';
const runsPath = '/repos/octo-org/octo-repo/actions/runs';
const signal = new AbortController().signal;

type RunsBody = { total_count: number; workflow_runs: Record<string, unknown>[] };

describe('GitHub Actions provider (replay server on 127.0.0.1)', () => {
  let server: ReplayServer;
  let storage: ReplayServer | undefined;
  let provider: GithubActionsProvider;

  beforeEach(async () => {
    server = await ReplayServer.start();
    provider = new GithubActionsProvider({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(token), timeoutMs: 2000 });
  });
  afterEach(async () => {
    provider.dispose();
    await server.close();
    await storage?.close();
    storage = undefined;
  });

  it('lists runs of a branch with mapped statuses, actor, commit and duration', async () => {
    server.on('GET', runsPath, { json: fixture('github/workflow-runs.json') });
    const listed = await provider.listRuns({ branch: 'main', limit: 10 }, signal);
    const seen = server.requests[0];
    assert.equal(seen.url.searchParams.get('branch'), 'main');
    assert.equal(seen.headers.authorization, `Bearer ${token}`);
    assert.deepEqual(
      listed.items.map((run) => [run.id, run.status]),
      [
        ['30433642', 'running'],
        ['30433641', 'failed'],
        ['30433640', 'waiting'],
        ['30433639', 'succeeded'],
      ],
    );
    const failed = listed.items[1];
    assert.equal(failed.actor, 'octocat');
    assert.equal(failed.commit, '009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d');
    assert.equal(failed.durationMs, 6.5 * 60_000);
    assert.equal(failed.title, 'CI: Fix flaky test');
    assert.equal(listed.unchanged, false);
  });

  it('asks conditionally: a steady poll is answered 304 and reported unchanged', async () => {
    server.on('GET', runsPath, { json: fixture('github/workflow-runs.json') });
    const first = await provider.listRuns({}, signal);
    const second = await provider.listRuns({}, signal);
    assert.equal(server.count(runsPath), 2);
    assert.equal(server.notModified, 1);
    assert.ok(server.requests[1].headers['if-none-match']);
    assert.equal(second.unchanged, true);
    assert.deepEqual(second.items, first.items);
  });

  it('follows Link pagination until the limit', async () => {
    const all = fixture<RunsBody>('github/workflow-runs.json');
    server.on('GET', runsPath, (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      const items = all.workflow_runs.slice((page - 1) * 2, page * 2);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page < 2) headers.link = `<${server.base}${runsPath}?per_page=2&page=${page + 1}>; rel="next"`;
      res.writeHead(200, headers).end(JSON.stringify({ total_count: 4, workflow_runs: items }));
    });
    const listed = await provider.listRuns({ limit: 4 }, signal);
    assert.equal(server.count(runsPath), 2);
    assert.deepEqual(
      listed.items.map((run) => run.number),
      [562, 561, 560, 559],
    );
  });

  it('maps an unknown status to unknown and keeps the raw word', async () => {
    const body = fixture<RunsBody>('github/workflow-runs.json');
    body.workflow_runs[0].status = 'teleporting';
    server.on('GET', runsPath, { json: body });
    const [run] = (await provider.listRuns({}, signal)).items;
    assert.equal(run.status, 'unknown');
    assert.equal(run.rawStatus, 'teleporting');
  });

  it('rejects a payload missing fields and malformed JSON with invalid-data', async () => {
    const body = fixture<RunsBody>('github/workflow-runs.json');
    delete body.workflow_runs[1].id;
    server.on('GET', runsPath, { json: body });
    await assert.rejects(provider.listRuns({}, signal), (error: unknown) => DevopsError.is(error, 'invalid-data') && /workflow_runs\.1\.id/.test((error as Error).message));
    server.on('GET', runsPath, { text: '{"workflow_runs": [', headers: { 'content-type': 'application/json' } });
    await assert.rejects(provider.listRuns({}, signal), (error: unknown) => HttpError.isHttp(error) && error.detail === 'bad-body');
  });

  const statuses: [number, string][] = [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [410, 'not-found'],
    [429, 'rate-limited'],
    [500, 'unavailable'],
  ];
  for (const [status, reason] of statuses) {
    it(`turns ${status} into reason ${reason}, without the token in the message`, async () => {
      const wait: Record<string, string> = status === 429 ? { 'retry-after': '30' } : {};
      server.on('GET', runsPath, { status, headers: { 'content-type': 'application/json', ...wait }, body: JSON.stringify({ message: `denied for ${token}` }) });
      await assert.rejects(provider.listRuns({}, signal), (error: unknown) => {
        assert.ok(DevopsError.is(error, reason as never), `reason of ${String(error)}`);
        assert.ok(!(error as Error).message.includes(token), (error as Error).message);
        if (status === 429) assert.equal((error as HttpError).retryAfterMs, 30_000);
        return true;
      });
    });
  }

  it('gives up on a server that hangs, within the timeout', async () => {
    server.on('GET', runsPath, (_req, _res) => undefined);
    const quick = new GithubActionsProvider({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(token), timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(quick.listRuns({}, signal), (error: unknown) => HttpError.isHttp(error) && error.detail === 'timeout');
    assert.ok(Date.now() - started < 2000);
    quick.dispose();
  });

  it('refuses an API redirect to another host', async () => {
    server.on('GET', runsPath, { status: 302, headers: { location: 'http://127.0.0.2:9/steal' } });
    await assert.rejects(provider.listRuns({}, signal), (error: unknown) => HttpError.isHttp(error) && error.detail === 'redirect-refused');
  });

  it('lists jobs with steps', async () => {
    server.on('GET', `${runsPath}/30433641/jobs`, { json: fixture('github/workflow-jobs.json') });
    const jobs = await provider.listJobs(run('30433641'), signal);
    assert.equal(server.requests[0].url.searchParams.get('filter'), 'latest');
    assert.deepEqual(
      jobs.items.map((job) => [job.name, job.status]),
      [
        ['build', 'failed'],
        ['lint', 'succeeded'],
      ],
    );
    assert.deepEqual(
      jobs.items[0].steps.map((step) => step.status),
      ['succeeded', 'succeeded', 'failed', 'succeeded'],
    );
    assert.equal(jobs.items[0].steps[2].durationMs, 370_000);
  });

  it('follows the log redirect to the storage host without the token', async () => {
    storage = await ReplayServer.start();
    storage.on('GET', '/logs/399444496.txt', { text: fixture<string>('github/job-log.json') });
    server.on('GET', '/repos/octo-org/octo-repo/actions/jobs/399444496/logs', { status: 302, headers: { location: `${storage.base}/logs/399444496.txt?sig=abc` } });
    const chunk = await provider.readLog({ run: run('30433641'), job: job('399444496', 'failed') }, signal);
    assert.equal(storage.requests.length, 1);
    assert.equal(storage.requests[0].headers.authorization, undefined);
    assert.equal(storage.requests[0].url.searchParams.get('sig'), 'abc');
    assert.equal(server.requests[0].headers.authorization, `Bearer ${token}`);
    assert.match(chunk.text, /error TS2322/);
    assert.equal(chunk.complete, true);
    assert.equal(chunk.notice, undefined);
  });

  it('refuses a second redirect from the storage host', async () => {
    storage = await ReplayServer.start();
    storage.on('GET', '/logs/1.txt', { status: 302, headers: { location: `${server.base}/elsewhere` } });
    server.on('GET', '/repos/octo-org/octo-repo/actions/jobs/1/logs', { status: 302, headers: { location: `${storage.base}/logs/1.txt` } });
    await assert.rejects(provider.readLog({ run: run('1'), job: job('1', 'failed') }, signal), (error: unknown) => HttpError.isHttp(error) && error.detail === 'redirect-refused');
    assert.equal(server.count('/elsewhere'), 0);
  });

  it('reports an expired log (410) as a notice, not an error', async () => {
    server.on('GET', '/repos/octo-org/octo-repo/actions/jobs/7/logs', { status: 410, body: '{"message":"Gone"}' });
    const chunk = await provider.readLog({ run: run('1'), job: job('7', 'failed') }, signal);
    assert.equal(chunk.notice?.kind, 'expired');
    assert.equal(chunk.text, '');
  });

  it('keeps only the tail of a 100 MB log, cut at a line end, with a notice', async () => {
    storage = await ReplayServer.start();
    const line = 'x'.repeat(99) + '\n';
    const block = Buffer.from(line.repeat(10_000)); // 1 MB
    storage.on('GET', '/big.txt', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const pump = (): void => {
        while (sent < 100) {
          sent++;
          const chunk = sent === 100 ? Buffer.concat([block, Buffer.from('LAST LINE\n')]) : block;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    server.on('GET', '/repos/octo-org/octo-repo/actions/jobs/9/logs', { status: 302, headers: { location: `${storage.base}/big.txt` } });
    const small = new GithubActionsProvider({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(token), maxLogBytes: 1024 * 1024 });
    const chunk = await small.readLog({ run: run('1'), job: job('9', 'failed') }, signal);
    small.dispose();
    assert.ok(Buffer.byteLength(chunk.text) <= 1024 * 1024);
    assert.ok(chunk.text.endsWith('LAST LINE\n'));
    assert.ok(chunk.text.startsWith('x'));
    assert.equal(chunk.notice?.kind, 'truncated');
    assert.equal(chunk.nextOffset, 100 * block.length + 10);
  });

  it('offers workflow_dispatch with the inputs the workflow file declares, and sends them', async () => {
    server.on('GET', '/repos/octo-org/octo-repo/actions/workflows', { json: fixture('github/workflows.json') });
    server.on('GET', '/repos/octo-org/octo-repo/contents/.github/workflows/ci.yml', { json: fixture('github/contents-ci.json') });
    server.on('GET', '/repos/octo-org/octo-repo/contents/.github/workflows/deploy.yml', { json: fixture('github/contents-deploy.json') });
    server.on('POST', '/repos/octo-org/octo-repo/actions/workflows/161336/dispatches', { status: 204 });
    const targets = await provider.triggerTargets('main', signal);
    assert.deepEqual(
      targets.map((t) => t.label),
      ['Deploy'],
    );
    assert.deepEqual(targets[0].inputs[0], { name: 'environment', description: 'Where to deploy', required: true, type: 'choice', default: 'staging', options: ['staging', 'production'] });
    assert.equal(targets[0].inputs[1].type, 'boolean');
    await assert.rejects(provider.trigger({ target: '161336', ref: 'main', inputs: { environment: 'production' } }, signal), (error: unknown) => DevopsError.is(error, 'invalid-data'));
    assert.equal(server.count('/repos/octo-org/octo-repo/actions/workflows/161336/dispatches', 'POST'), 0);
    await provider.trigger({ target: '161336', ref: 'main', inputs: { environment: 'production', version: '1.2.3' } }, signal);
    const sent = server.requests.find((r) => r.method === 'POST');
    assert.deepEqual(JSON.parse(sent!.body), { ref: 'main', inputs: { environment: 'production', version: '1.2.3' } });
  });

  it('knows who is signed in: the session label when given, else GET /user once', async () => {
    // GET /user answers the authenticated user (docs.github.com/rest/users/users#get-the-authenticated-user).
    let answers = 0;
    server.on('GET', '/user', () => (answers++ === 0 ? { status: 500, body: '{}' } : { json: { login: 'octocat', id: 1, type: 'User' } }));
    await assert.rejects(provider.currentUser(signal), (error: unknown) => DevopsError.is(error, 'unavailable'));
    assert.equal(await provider.currentUser(signal), 'octocat', 'a failure is not remembered');
    assert.equal(await provider.currentUser(signal), 'octocat');
    assert.equal(server.count('/user'), 2);
    assert.equal(server.requests[1].headers.authorization, `Bearer ${token}`);
    const labelled = new GithubActionsProvider({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(token), user: () => Promise.resolve('monalisa') });
    assert.equal(await labelled.currentUser(signal), 'monalisa');
    labelled.dispose();
    assert.equal(server.count('/user'), 2);
  });

  it('reruns failed jobs or all, cancels, and exposes the rate-limit budget', async () => {
    server.rateLimit = { prefix: 'x-ratelimit', limit: 5000, remaining: 4000, reset: 1_900_000_000 };
    server.on('POST', `${runsPath}/5/rerun-failed-jobs`, { status: 201 });
    server.on('POST', `${runsPath}/5/rerun`, { status: 201 });
    server.on('POST', `${runsPath}/5/cancel`, { status: 202, body: '{}' });
    await provider.rerun(run('5'), 'failed', signal);
    await provider.rerun(run('5'), 'all', signal);
    await provider.cancel(run('5'), signal);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      [`${runsPath}/5/rerun-failed-jobs`, `${runsPath}/5/rerun`, `${runsPath}/5/cancel`],
    );
    assert.deepEqual(provider.rateBudget(), { remaining: 3997, limit: 5000, resetAt: 1_900_000_000_000 });
  });
});

function run(id: string): CiRun {
  return { id, title: 'CI', workflow: 'CI', status: 'failed' };
}

function job(id: string, status: CiJob['status']): CiJob {
  return { id, runId: '1', name: 'build', status, steps: [] };
}

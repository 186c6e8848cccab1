import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { GitlabCiProvider } from '../../../src/backends/ci/gitlab/gitlabCiProvider';
import { gitlabApiBase } from '../../../src/backends/http/gitlabApiBase';
import { HttpError } from '../../../src/backends/http/httpErrors';
import { ciCapabilities, ciJobCapabilities } from '../../../src/core/ci/ciProvider';
import type { CiJob, CiRun } from '../../../src/core/ci/ciTypes';
import { DevopsError } from '../../../src/core/errors';
import { fixture, ReplayServer } from './replayServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const token = 'glpat-SECRET-abcdef123456';
const project = '/api/v4/projects/group%2Fproject';
const signal = new AbortController().signal;

describe('GitLab CI provider (replay server on 127.0.0.1)', () => {
  let server: ReplayServer;
  let provider: GitlabCiProvider;

  beforeEach(async () => {
    server = await ReplayServer.start();
    provider = new GitlabCiProvider({ network: openNetwork, baseUrl: `${server.base}/api/v4`, project: 'group/project', token: () => Promise.resolve(token), timeoutMs: 2000 });
  });
  afterEach(async () => {
    provider.dispose();
    await server.close();
  });

  it('lists pipelines of a ref with PRIVATE-TOKEN, mapping manual to waiting', async () => {
    server.on('GET', `${project}/pipelines`, { json: fixture('gitlab/pipelines.json') });
    const listed = await provider.listRuns({ branch: 'main' }, signal);
    assert.equal(server.requests[0].headers['private-token'], token);
    assert.equal(server.requests[0].url.searchParams.get('ref'), 'main');
    assert.deepEqual(
      listed.items.map((run) => [run.id, run.status]),
      [
        ['47', 'running'],
        ['46', 'failed'],
        ['45', 'waiting'],
        ['44', 'succeeded'],
      ],
    );
    const again = await provider.listRuns({ branch: 'main' }, signal);
    assert.equal(again.unchanged, true);
    assert.equal(server.notModified, 1);
  });

  it('lists jobs with stage, duration and an unknown status kept as unknown', async () => {
    const jobs = fixture<Record<string, unknown>[]>('gitlab/pipeline-jobs.json');
    jobs[2].status = 'levitating';
    server.on('GET', `${project}/pipelines/46/jobs`, { json: jobs });
    const listed = await provider.listJobs(run('46'), signal);
    assert.deepEqual(
      listed.items.map((job) => [job.name, job.stage, job.status]),
      [
        ['build', 'build', 'succeeded'],
        ['test', 'test', 'failed'],
        ['deploy', 'deploy', 'unknown'],
      ],
    );
    assert.equal(listed.items[1].durationMs, 330_500);
  });

  it('streams a trace from offsets with Range: no gaps, no repeats, whole lines only', async () => {
    const full = fixture<string>('gitlab/job-trace.json');
    let visible = full.slice(0, 200); // the job is still writing
    const ranges: string[] = [];
    server.on('GET', `${project}/jobs/8/trace`, (req: http.IncomingMessage, res: http.ServerResponse) => {
      const bytes = Buffer.from(visible);
      const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
      ranges.push(req.headers.range ?? '');
      if (!range) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(bytes);
      const from = Number(range[1]);
      if (from >= bytes.length) return void res.writeHead(416).end();
      res.writeHead(206, { 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` }).end(bytes.subarray(from));
    });
    const target = { run: run('46'), job: job('8', 'running') };
    let text = '';
    let offset = 0;
    for (let round = 0; round < 6; round++) {
      if (round === 2) visible = full.slice(0, 420);
      if (round === 4) {
        visible = full;
        target.job = job('8', 'failed');
      }
      const chunk = await provider.streamLog(target, offset, signal);
      assert.equal(chunk.offset, offset);
      text += chunk.text;
      offset = chunk.nextOffset;
      if (!chunk.complete) assert.ok(chunk.text === '' || chunk.text.endsWith('\n'));
      if (chunk.complete) break;
    }
    assert.equal(text, full);
    assert.equal(ranges[0], '');
    assert.ok(ranges.slice(1).every((r) => /^bytes=\d+-$/.test(r)));
  });

  it('reads a trace from a server that ignores Range without repeating bytes', async () => {
    const full = fixture<string>('gitlab/job-trace.json');
    server.on('GET', `${project}/jobs/8/trace`, { text: full });
    const first = await provider.streamLog({ run: run('46'), job: job('8', 'running') }, 0, signal);
    const second = await provider.streamLog({ run: run('46'), job: job('8', 'failed') }, first.nextOffset, signal);
    assert.equal(first.text + second.text, full);
    assert.equal(second.text, '');
    assert.equal(second.complete, true);
  });

  it('creates a pipeline with variables, retries failed jobs, reruns all, cancels', async () => {
    server.on('POST', `${project}/pipeline`, { json: fixture('gitlab/pipeline.json'), status: 201 });
    server.on('POST', `${project}/pipelines/46/retry`, { json: fixture('gitlab/pipeline.json'), status: 201 });
    server.on('POST', `${project}/pipelines/46/cancel`, { json: fixture('gitlab/pipeline.json') });
    const [target] = await provider.triggerTargets();
    assert.equal(target.freeVariables, true);
    await provider.trigger({ target: target.id, ref: 'main', inputs: { DEPLOY: 'yes' } }, signal);
    assert.deepEqual(JSON.parse(server.requests[0].body), { ref: 'main', variables: [{ key: 'DEPLOY', value: 'yes', variable_type: 'env_var' }] });
    await provider.rerun(run('46'), 'failed', signal);
    await provider.rerun(run('46'), 'all', signal);
    await provider.cancel(run('46'), signal);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      [`${project}/pipeline`, `${project}/pipelines/46/retry`, `${project}/pipeline`, `${project}/pipelines/46/cancel`],
    );
    assert.equal((JSON.parse(server.requests[2].body) as { ref: string }).ref, 'main');
  });

  it('plays a manual job; only a waiting job of a provider that can play offers it', async () => {
    server.on('POST', `${project}/jobs/9/play`, { json: fixture('gitlab/job-play.json'), etag: false });
    const jobs = fixture<Record<string, unknown>[]>('gitlab/pipeline-jobs.json');
    server.on('GET', `${project}/pipelines/46/jobs`, { json: jobs });
    const listed = await provider.listJobs(run('46'), signal);
    const manual = listed.items.find((job) => job.id === '9');
    assert.equal(manual?.status, 'waiting');
    await provider.playJob(manual, signal);
    assert.equal(server.requests.at(-1)?.path, `${project}/jobs/9/play`);
    assert.equal(server.requests.at(-1)?.method, 'POST');
    const capabilities = ciCapabilities(provider);
    assert.deepEqual(listed.items.map((job) => ciJobCapabilities(capabilities, job).includes('playable')), [false, false, true]);
  });

  it('reads the budget from ratelimit-* headers and reports errors without the token', async () => {
    server.rateLimit = { prefix: 'ratelimit', limit: 2000, remaining: 10, reset: 1_900_000_000 };
    server.on('GET', `${project}/pipelines`, { json: fixture('gitlab/pipelines.json') });
    await provider.listRuns({}, signal);
    assert.equal(provider.rateBudget()?.remaining, 9);
    server.on('GET', `${project}/pipelines`, { status: 401, body: JSON.stringify({ message: `401 Unauthorized ${token}` }) });
    await assert.rejects(provider.listRuns({}, signal), (error: unknown) => DevopsError.is(error, 'unauthorized') && !(error as Error).message.includes(token));
    server.on('GET', `${project}/jobs/8/trace`, { status: 403, body: JSON.stringify({ message: `forbidden ${token}` }) });
    await assert.rejects(provider.streamLog({ run: run('46'), job: job('8', 'running') }, 0, signal), (error: unknown) => HttpError.isHttp(error) && error.reason === 'forbidden' && !error.message.includes(token));
  });

  it('shows an erased job\'s log as expired, not as a failed read', async () => {
    // The trace of an erased job answers 404; the job itself still answers, with erased_at.
    server.on('GET', `${project}/jobs/8/trace`, { status: 404, body: JSON.stringify({ message: '404 Not Found' }) });
    server.on('GET', `${project}/jobs/8`, { json: fixture('gitlab/job-erased.json') });
    const target = { run: run('46'), job: job('8', 'failed') };
    const chunk = await provider.readLog(target, signal);
    assert.equal(chunk.notice?.kind, 'expired');
    assert.match(chunk.notice.message, /erased on 2016-01-11 10:13 UTC/);
    assert.equal(chunk.complete, true);
    assert.equal(chunk.text, '');
    // Streaming from an offset says the same and stays at that offset.
    const streamed = await provider.streamLog(target, 120, signal);
    assert.deepEqual([streamed.notice?.kind, streamed.offset, streamed.nextOffset, streamed.complete], ['expired', 120, 120, true]);
  });

  it('shows an empty trace of an erased job as expired, and an empty trace of a kept job as it is', async () => {
    const erased = fixture<Record<string, unknown>>('gitlab/job-erased.json');
    server.on('GET', `${project}/jobs/8/trace`, { text: '' });
    server.on('GET', `${project}/jobs/8`, () => ({ json: erased }));
    const target = { run: run('46'), job: job('8', 'failed') };
    assert.equal((await provider.readLog(target, signal)).notice?.kind, 'expired');
    erased.erased_at = null;
    const kept = await provider.readLog(target, signal);
    assert.equal(kept.notice, undefined);
    assert.equal(kept.complete, true);
  });

  it('keeps a 404 of a job GitLab no longer knows an error, and a running job\'s 404 a not-yet notice', async () => {
    server.on('GET', `${project}/jobs/8/trace`, { status: 404, body: JSON.stringify({ message: '404 Not Found' }) });
    server.on('GET', `${project}/jobs/8`, { status: 404, body: JSON.stringify({ message: '404 Job Not Found' }) });
    await assert.rejects(provider.readLog({ run: run('46'), job: job('8', 'failed') }, signal), (error: unknown) => HttpError.isHttp(error) && error.status === 404);
    const running = await provider.streamLog({ run: run('46'), job: job('8', 'running') }, 0, signal);
    assert.equal(running.notice?.kind, 'unavailable');
    assert.equal(running.complete, false);
  });

  it('takes the base URL as the server (https://HOST) or as its API (…/api/v4)', async () => {
    server.on('GET', `${project}/pipelines`, { json: fixture('gitlab/pipelines.json') });
    server.on('GET', '/gitlab/api/v4/projects/group%2Fproject/pipelines', { json: fixture('gitlab/pipelines.json') });
    for (const baseUrl of [server.base, `${server.base}/`, `${server.base}/api/v4/`, `${server.base}/gitlab`, `${server.base}/gitlab/api/v4`]) {
      const other = new GitlabCiProvider({ network: openNetwork, baseUrl, project: 'group/project', token: () => Promise.resolve(token), timeoutMs: 2000 });
      try {
        assert.equal((await other.listRuns({}, signal)).items.length, 4, baseUrl);
      } finally {
        other.dispose();
      }
    }
    assert.deepEqual(
      server.requests.map((r) => r.path),
      [`${project}/pipelines`, `${project}/pipelines`, `${project}/pipelines`, '/gitlab/api/v4/projects/group%2Fproject/pipelines', '/gitlab/api/v4/projects/group%2Fproject/pipelines'],
    );
    assert.equal(gitlabApiBase(undefined), 'https://gitlab.com/api/v4');
    assert.equal(gitlabApiBase('https://gitlab.example.com'), 'https://gitlab.example.com/api/v4');
  });

  it('knows who is signed in from GET /user, asked once', async () => {
    // GET /user answers the token's user (docs.gitlab.com/api/users, "Get the current user").
    server.on('GET', '/api/v4/user', { json: { id: 1, username: 'john_smith', name: 'John Smith', state: 'active' } });
    assert.equal(await provider.currentUser(signal), 'john_smith');
    assert.equal(await provider.currentUser(signal), 'john_smith');
    assert.equal(server.count('/api/v4/user'), 1);
    assert.equal(server.requests[0].headers['private-token'], token);
  });

  it('reads logs with the configured CA file, and says so when it cannot be read', async () => {
    const broken = new GitlabCiProvider({ network: openNetwork, baseUrl: `${server.base}/api/v4`, project: 'group/project', token: () => Promise.resolve(token), caFile: '/nonexistent/ca.pem' });
    await assert.rejects(broken.streamLog({ run: run('46'), job: job('8', 'running') }, 0, signal), (error: unknown) => DevopsError.is(error, 'io') && /ca\.pem/.test((error as Error).message));
    broken.dispose();
    assert.equal(server.requests.length, 0);
  });
});

function run(id: string): CiRun {
  return { id, title: 'pipeline', workflow: 'pipeline', status: 'failed', branch: 'main' };
}

function job(id: string, status: CiJob['status']): CiJob {
  return { id, runId: '46', name: 'test', status, steps: [] };
}

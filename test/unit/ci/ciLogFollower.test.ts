import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { GithubActionsProvider } from '../../../src/backends/ci/github/githubActionsProvider';
import { GitlabCiProvider } from '../../../src/backends/ci/gitlab/gitlabCiProvider';
import { JenkinsProvider } from '../../../src/backends/ci/jenkins/jenkinsProvider';
import type { CiJob, CiRun } from '../../../src/core/ci/ciTypes';
import { CiLogFollower } from '../../../src/core/ci/log/ciLogFollower';
import type { CiLogChange } from '../../../src/core/ci/log/ciLogFollower';
import { LogDocument } from '../../../src/core/ci/log/logDocument';
import { RefreshScheduler } from '../../../src/core/refresh/refreshScheduler';
import { ManualTimers } from '../../../src/core/refresh/timers';
import { fixture, ReplayServer } from './replayServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

describe('CI log follower (replay servers on 127.0.0.1)', () => {
  let server: ReplayServer;
  let storage: ReplayServer | undefined;
  let timers: ManualTimers;
  let scheduler: RefreshScheduler;

  beforeEach(async () => {
    server = await ReplayServer.start();
    timers = new ManualTimers();
    scheduler = new RefreshScheduler({ timers, random: () => 0.5 });
  });
  afterEach(async () => {
    scheduler.dispose();
    await server.close();
    await storage?.close();
    storage = undefined;
  });

  async function advance(ms: number, id: string): Promise<void> {
    await timers.advance(ms);
    for (let i = 0; i < 400 && scheduler.status(id)?.state === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it('streams a running GitLab job as numbered appends, then stops polling', async () => {
    const full = fixture<string>('gitlab/job-trace.json');
    let visible = 150;
    server.on('GET', '/api/v4/projects/7/jobs/8/trace', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const bytes = Buffer.from(full).subarray(0, visible);
      const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? '0');
      if (from >= bytes.length) return void res.writeHead(416).end();
      res.writeHead(from > 0 ? 206 : 200, from > 0 ? { 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` } : {}).end(bytes.subarray(from));
    });
    const provider = new GitlabCiProvider({ network: openNetwork, baseUrl: `${server.base}/api/v4`, project: '7', token: () => Promise.resolve('glpat-x') });
    let job: CiJob = { id: '8', runId: '46', name: 'test', status: 'running', steps: [] };
    const follower = new CiLogFollower({ provider, scheduler, id: 'ci-log/8', target: () => ({ run: run(), job }), document: { format: 'gitlab' } });
    const changes: CiLogChange[] = [];
    follower.onDidChange((c) => changes.push(c));
    follower.start();
    const interest = scheduler.addInterest('ci-log/8');
    await advance(0, 'ci-log/8');
    visible = 400;
    await advance(5000, 'ci-log/8');
    visible = Buffer.byteLength(full);
    job = { ...job, status: 'failed' };
    await advance(5000, 'ci-log/8');
    assert.equal(follower.complete, true);
    const requests = server.requests.length;
    await advance(60_000, 'ci-log/8');
    assert.equal(server.requests.length, requests);
    const appends = changes.filter((c) => c.kind === 'append');
    assert.deepEqual(
      appends.map((c) => c.seq),
      appends.map((_, i) => i + 1),
    );
    assert.equal(changes[changes.length - 1].kind, 'end');
    const whole = new LogDocument({ format: 'gitlab' });
    whole.append(full);
    whole.finish();
    assert.deepEqual(follower.document.lines, whole.lines);
    assert.deepEqual(follower.document.sections, whole.sections);
    interest.dispose();
    follower.dispose();
    provider.dispose();
  });

  it('streams a running Jenkins console from X-Text-Size without gaps or repeats, until X-More-Data stops', async () => {
    const full = Buffer.from(fixture<string>('jenkins/console.json'));
    let written = 0;
    let building = true;
    const starts: number[] = [];
    server.on('GET', '/jenkins/job/team/job/app/16/logText/progressiveText', (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
      const start = Number(url.searchParams.get('start') ?? '0');
      starts.push(start);
      res.writeHead(200, { 'content-type': 'text/plain', 'x-text-size': String(written), ...(building ? { 'x-more-data': 'true' } : {}) }).end(full.subarray(start, written));
    });
    const provider = new JenkinsProvider({ network: openNetwork, baseUrl: `${server.base}/jenkins`, job: 'team/app', credentials: () => Promise.resolve({ user: 'alice', token: 'jenkins-api-token' }), timeoutMs: 2000 });
    const follower = new CiLogFollower({ provider, scheduler, id: 'ci-log/16', target: () => ({ run: { ...run(), id: '16' } }), document: { format: 'jenkins' } });
    const changes: CiLogChange[] = [];
    follower.onDidChange((c) => changes.push(c));
    follower.start();
    const interest = scheduler.addInterest('ci-log/16');
    // Cut mid-line on purpose: a partial line waits for its end.
    const cuts = [0, 97, 230, 231, 480, full.length];
    for (const [round, cut] of cuts.entries()) {
      written = cut;
      building = round < cuts.length - 1;
      await advance(round === 0 ? 0 : 5000, 'ci-log/16');
    }
    assert.deepEqual(starts, [0, ...cuts.slice(0, -1)], 'each read starts where the last X-Text-Size said');
    assert.equal(follower.complete, true);
    const requests = server.requests.length;
    await advance(60_000, 'ci-log/16');
    assert.equal(server.requests.length, requests, 'no reads after the end');
    const whole = new LogDocument({ format: 'jenkins' });
    whole.append(full.toString('utf8'));
    whole.finish();
    assert.deepEqual(follower.document.lines, whole.lines);
    assert.deepEqual(follower.document.sections, whole.sections);
    assert.ok(follower.document.lines.every((l) => !l.text.includes('jenkins-api-token')));
    const appends = changes.filter((c) => c.kind === 'append');
    assert.ok(appends.length >= 3, 'lines arrived in several appends');
    for (let i = 1; i < appends.length; i++) assert.equal(appends[i].fromLine, appends[i - 1].toLine, 'appends are contiguous');
    interest.dispose();
    follower.dispose();
    provider.dispose();
  });

  it('says why a read fails instead of loading forever, and forgets it once a read works', async () => {
    let denied = true;
    server.on('GET', '/api/v4/projects/7/jobs/9/trace', () => (denied ? { status: 403, body: '{"message":"403 Forbidden"}' } : { text: 'all good\n' }));
    const provider = new GitlabCiProvider({ network: openNetwork, baseUrl: `${server.base}/api/v4`, project: '7', token: () => Promise.resolve('glpat-secret-value') });
    const job: CiJob = { id: '9', runId: '46', name: 'test', status: 'failed', steps: [] };
    const follower = new CiLogFollower({ provider, scheduler, id: 'ci-log/9', target: () => ({ run: run(), job }), document: { format: 'gitlab' } });
    const changes: CiLogChange[] = [];
    follower.onDidChange((c) => changes.push(c));
    follower.start();
    const interest = scheduler.addInterest('ci-log/9');
    await advance(0, 'ci-log/9');
    assert.ok(follower.failure, 'the failure is kept for the document');
    assert.doesNotMatch(follower.failure, /glpat-secret-value/);
    assert.equal(changes.filter((c) => c.kind === 'reset').length, 1);
    assert.equal(follower.complete, false);
    denied = false;
    await advance(120_000, 'ci-log/9');
    assert.equal(follower.failure, undefined);
    assert.deepEqual(
      follower.document.lines.map((l) => l.text),
      ['all good'],
    );
    assert.equal(follower.complete, true);
    interest.dispose();
    follower.dispose();
    provider.dispose();
  });

  it('reads a GitHub log again when the job ends, replacing the "not yet" notice', async () => {
    storage = await ReplayServer.start();
    storage.on('GET', '/log.txt', { text: fixture<string>('github/job-log.json') });
    let ready = false;
    server.on('GET', '/repos/o/r/actions/jobs/5/logs', () => (ready ? { status: 302, headers: { location: `${storage!.base}/log.txt` } } : { status: 404, body: '{"message":"Not Found"}' }));
    const provider = new GithubActionsProvider({ network: openNetwork, baseUrl: server.base, owner: 'o', repo: 'r', token: () => Promise.resolve('ghp_x') });
    let job: CiJob = { id: '5', runId: '1', name: 'build', status: 'running', steps: [] };
    const follower = new CiLogFollower({ provider, scheduler, id: 'ci-log/5', target: () => ({ run: run(), job }), document: { format: 'github' } });
    const changes: CiLogChange[] = [];
    follower.onDidChange((c) => changes.push(c));
    follower.start();
    const interest = scheduler.addInterest('ci-log/5');
    await advance(0, 'ci-log/5');
    assert.deepEqual(
      follower.document.notices.map((n) => n.kind),
      ['unavailable'],
    );
    assert.deepEqual(changes.map((c) => c.kind), ['reset'], 'the notice alone is announced, so an open editor shows it');
    await advance(5000, 'ci-log/5');
    assert.equal(server.requests.length, 1); // no re-read while the job runs
    ready = true;
    job = { ...job, status: 'failed' };
    await advance(5000, 'ci-log/5');
    assert.ok(changes.some((c) => c.kind === 'reset'));
    assert.equal(follower.document.notices.length, 0);
    assert.ok(follower.document.problems().some((p) => p.file === 'src/app.ts' && p.line === 12));
    assert.equal(follower.complete, true);
    interest.dispose();
    follower.dispose();
    provider.dispose();
  });
});

function run(): CiRun {
  return { id: '46', title: 'p', workflow: 'p', status: 'running' };
}

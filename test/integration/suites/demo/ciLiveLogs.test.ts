import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { fixture, ReplayServer } from '../../../unit/ci/replayServer';
import { activateExtension } from '../empty/extensionUnderTest';
import { useCiEntries } from './ciProvidersWorkspace';
import { grewTo, openJobLog, runShown, shownOnce } from './ciLiveLogDocument';

// A running job's log open in the editor while the job runs: GitLab's job trace read
// with `Range: bytes=N-` and Jenkins' progressive text read from `start=<X-Text-Size>`,
// each against a replay server on 127.0.0.1 whose log grows in three steps (the trace and
// console fixtures of the products' API docs, cut at lines). The same document grows in
// place, no line twice, and the log stops being read once the job has finished.

/** The first `lines` lines of a fixture log, each ending in a newline as the runner writes them. */
function firstLines(log: string, lines: number): string {
  return log.split('\n').slice(0, lines).join('\n') + '\n';
}

/** How many more log reads came while waiting past the follower's 5 s poll. */
async function readsAfterEnd(count: () => number): Promise<number> {
  const before = count();
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  return count() - before;
}

describe('Live CI logs: a running GitLab job\'s trace grows in its open document', function () {
  this.timeout(120_000);
  const token = 'glpat-CI-LIVE-LOGS';
  const project = '/api/v4/projects/group%2Fproject';
  const trace = fixture<string>('gitlab/job-trace.json');
  const cuts = [5, 10, trace.split('\n').length - 1];
  let api: DevopsTestApi;
  let server: ReplayServer;
  let restore: (() => Promise<void>) | undefined;
  let served = firstLines(trace, cuts[0]);
  let finished = false;
  const pipeline = (): Record<string, unknown> => ({ ...fixture<Record<string, unknown>[]>('gitlab/pipelines.json')[0], status: finished ? 'failed' : 'running' });
  const jobs = (): Record<string, unknown>[] => fixture<Record<string, unknown>[]>('gitlab/pipeline-jobs-running.json').map((job) => (finished ? { ...job, status: 'failed', finished_at: '2026-11-27T10:00:30.000Z', duration: 28 } : job));
  const traceReads = (): http.IncomingHttpHeaders[] => server.requests.filter((r) => r.path === `${project}/jobs/20/trace`).map((r) => r.headers);

  before(async () => {
    api = await activateExtension();
    server = await ReplayServer.start();
    server
      .on('GET', `${project}/pipelines`, () => ({ json: [pipeline()] }))
      .on('GET', `${project}/pipelines/47/jobs`, () => ({ json: jobs() }))
      // GitLab answers a Range it can serve with 206 and the bytes from the offset; one past the end with 416.
      .on('GET', `${project}/jobs/20/trace`, (req: http.IncomingMessage, res: http.ServerResponse) => {
        const bytes = Buffer.from(served, 'utf8');
        const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
        if (from === 0) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(bytes);
        if (from >= bytes.length) return void res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        res.writeHead(206, { 'content-type': 'text/plain', 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` }).end(bytes.subarray(from));
      });
    const base = `${server.base}/api/v4`;
    await api.credentials.store('gitlab', base, token);
    restore = await useCiEntries(api, [{ provider: 'gitlab', baseUrl: base, project: 'group/project' }]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restore?.();
    await api.credentials.store('gitlab', `${server.base}/api/v4`, undefined);
    await server?.close();
  });

  it('appends each new part of the trace to the same document, read from the byte offset, and stops reading once the job failed', async () => {
    await runShown(api, 'gitlab:group/project', '47', () => server.requests.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`));
    const doc = await openJobLog(api, 'gitlab:group/project', '47', '20', (text) => text.includes('Fetching changes with git depth set to 20...'));
    const first = doc.getText();
    assert.doesNotMatch(first, /\$ npm test/, 'only what the runner wrote so far');

    served = firstLines(trace, cuts[1]);
    const second = await grewTo(doc, first, '/builds/group/project/src/util.js:3:7: Unexpected var, use let or const instead. [Error/no-var]');
    const offsets = traceReads().map((headers) => headers.range);
    assert.ok(offsets.includes(`bytes=${Buffer.byteLength(firstLines(trace, cuts[0]))}-`), `a read from the end of the first part (ranges: ${JSON.stringify(offsets)})`);

    served = trace;
    finished = true;
    api.ci.refreshNow();
    const last = await grewTo(doc, second, 'ERROR: Job failed: exit code 1');
    shownOnce(last, ['Running with gitlab-runner 17.5.0 (abc12345)', 'Fetching changes with git depth set to 20...', '$ npm test', 'ERROR: Job failed: exit code 1']);
    assert.equal(await readsAfterEnd(() => traceReads().length), 0, 'no trace read after the job ended');
  });
});

describe('Live CI logs: a running Jenkins build\'s progressive console grows in its open document', function () {
  this.timeout(120_000);
  const jobPath = '/jenkins/job/team/job/app';
  const consoleText = fixture<string>('jenkins/console.json');
  const cuts = [9, 21, consoleText.split('\n').length - 1];
  let api: DevopsTestApi;
  let server: ReplayServer;
  let restore: (() => Promise<void>) | undefined;
  let served = firstLines(consoleText, cuts[0]);
  let building = true;
  const build = (): Record<string, unknown> => {
    const listed = fixture<{ builds: Record<string, unknown>[] }>('jenkins/builds.json').builds[0];
    return { ...listed, number: 17, displayName: '#17', url: 'https://jenkins.example.com/job/team/job/app/17/', building, result: building ? null : 'FAILURE', duration: building ? 0 : 95_000 };
  };
  const consoleReads = (): URL[] => server.requests.filter((r) => r.path === `${jobPath}/17/logText/progressiveText`).map((r) => r.url);

  before(async () => {
    api = await activateExtension();
    server = await ReplayServer.start();
    server
      .on('GET', `${jobPath}/api/json`, () => ({ json: { ...fixture<Record<string, unknown>>('jenkins/builds.json'), builds: [build()] }, etag: false }))
      // Jenkins sends the console from `start`, the size so far in X-Text-Size, and X-More-Data while the build runs.
      .on('GET', `${jobPath}/17/logText/progressiveText`, (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
        const bytes = Buffer.from(served, 'utf8');
        const start = Math.min(Number(url.searchParams.get('start') ?? 0), bytes.length);
        res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(bytes.length), ...(building ? { 'x-more-data': 'true' } : {}) }).end(bytes.subarray(start));
      });
    await api.credentials.store('jenkins', `${server.base}/jenkins`, { user: 'alice', token: '11aa22bb33cc44dd55ee66ff77889900' });
    restore = await useCiEntries(api, [{ provider: 'jenkins', baseUrl: `${server.base}/jenkins`, job: 'team/app' }]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restore?.();
    await api.credentials.store('jenkins', `${server.base}/jenkins`, undefined);
    await server?.close();
  });

  it('appends each new part of the console to the same document, read from X-Text-Size, and stops once X-More-Data is gone', async () => {
    await runShown(api, 'jenkins:team/app', '17', () => server.requests.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`));
    const doc = await openJobLog(api, 'jenkins:team/app', '17', undefined, (text) => text.includes('+ npm run build'));
    const first = doc.getText();
    assert.doesNotMatch(first, /npx eslint/, 'only what the build wrote so far');

    served = firstLines(consoleText, cuts[1]);
    const second = await grewTo(doc, first, '    at Object.<anonymous> (src/math.test.ts:8:19)');
    const starts = consoleReads().map((url) => url.searchParams.get('start'));
    assert.ok(starts.includes(String(Buffer.byteLength(firstLines(consoleText, cuts[0])))), `a read from the first part's X-Text-Size (starts: ${JSON.stringify(starts)})`);

    served = consoleText;
    building = false;
    api.ci.refreshNow();
    const last = await grewTo(doc, second, 'Finished: FAILURE');
    shownOnce(last, ['Started by user alice', '+ npm run build', '+ npx eslint src', 'Finished: FAILURE']);
    assert.equal(await readsAfterEnd(() => consoleReads().length), 0, 'no console read after the build ended');
  });
});

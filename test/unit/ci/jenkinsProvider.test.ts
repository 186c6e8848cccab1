import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { JenkinsProvider } from '../../../src/backends/ci/jenkins/jenkinsProvider';
import type { CiRun } from '../../../src/core/ci/ciTypes';
import { DevopsError } from '../../../src/core/errors';
import { fixture, ReplayServer } from './replayServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const apiToken = '11aa22bb33cc44dd55ee66ff77889900';
const jobPath = '/jenkins/job/team/job/app';
const signal = new AbortController().signal;

describe('Jenkins provider (replay server on 127.0.0.1)', () => {
  let server: ReplayServer;
  let provider: JenkinsProvider;

  beforeEach(async () => {
    server = await ReplayServer.start();
    provider = new JenkinsProvider({ network: openNetwork, baseUrl: `${server.base}/jenkins`, job: 'team/app', credentials: () => Promise.resolve({ user: 'alice', token: apiToken }), timeoutMs: 2000 });
  });
  afterEach(async () => {
    provider.dispose();
    await server.close();
  });

  it('lists builds with Basic auth; a running build paused on input is waiting', async () => {
    server.on('GET', `${jobPath}/api/json`, { json: fixture('jenkins/builds.json'), etag: false });
    server.on('GET', `${jobPath}/wfapi/runs`, { json: fixture('jenkins/wfapi-runs.json'), etag: false });
    const listed = await provider.listRuns({}, signal);
    assert.equal(server.requests[0].headers.authorization, `Basic ${Buffer.from(`alice:${apiToken}`).toString('base64')}`);
    assert.match(server.requests[0].url.searchParams.get('tree') ?? '', /^builds\[.*\]\{0,20\}$/);
    assert.deepEqual(
      listed.items.map((run) => [run.id, run.status, run.branch]),
      [
        ['16', 'waiting', 'main'],
        ['15', 'failed', 'main'],
        ['14', 'succeeded', 'feature/x'],
        ['13', 'failed', 'main'],
      ],
    );
    assert.equal(listed.items[1].actor, 'bob');
    assert.equal(listed.items[1].durationMs, 95_000);
    assert.equal(listed.items[3].rawStatus, 'UNSTABLE');
    const feature = await provider.listRuns({ branch: 'feature/x' }, signal);
    assert.deepEqual(
      feature.items.map((run) => run.id),
      ['14'],
    );
  });

  it('turns pipeline stages (wfapi/describe) into jobs, and a freestyle build into one job', async () => {
    server.on('GET', `${jobPath}/15/wfapi/describe`, { json: fixture('jenkins/wfapi-describe.json') });
    const stages = await provider.listJobs(run('15'), signal);
    assert.deepEqual(
      stages.items.map((job) => [job.name, job.status, job.durationMs]),
      [
        ['Build', 'succeeded', 30_000],
        ['Test', 'failed', 60_000],
        ['Deploy', 'skipped', 0],
      ],
    );
    const freestyle = await provider.listJobs(run('99'), signal);
    assert.deepEqual(
      freestyle.items.map((job) => job.name),
      ['build'],
    );
  });

  it('fills each stage with its steps (execution/node/<id>/wfapi/describe); a finished stage is asked once', async () => {
    server.on('GET', `${jobPath}/15/wfapi/describe`, { json: fixture('jenkins/wfapi-describe.json') });
    server.on('GET', `${jobPath}/15/execution/node/6/wfapi/describe`, { json: fixture('jenkins/wfapi-node-build.json') });
    server.on('GET', `${jobPath}/15/execution/node/14/wfapi/describe`, { json: fixture('jenkins/wfapi-node-test.json') });
    const first = await provider.listJobs(run('15'), signal);
    const steps = first.items.map((job) => job.steps.map((step) => [step.number, step.name, step.status, step.durationMs]));
    assert.deepEqual(steps, [
      [
        [1, 'Git', 'succeeded', 900],
        [2, 'Shell Script: npm ci && npm run build', 'succeeded', 29_000],
      ],
      [[1, 'Shell Script: npm test', 'failed', 59_990]],
      [],
    ]);
    assert.equal(first.items[1].steps[0].startedAt, 1764234030110);
    assert.equal(first.items[1].steps[0].endedAt, 1764234030110 + 59_990);
    assert.equal(server.requests[1].headers.authorization, `Basic ${Buffer.from(`alice:${apiToken}`).toString('base64')}`);
    // The stage that never ran is not asked; finished stages are not asked again.
    assert.equal(server.count(`${jobPath}/15/execution/node/25/wfapi/describe`), 0);
    const again = await provider.listJobs(run('15'), signal);
    assert.deepEqual(again.items.map((job) => job.steps.length), [2, 1, 0]);
    assert.equal(server.count(`${jobPath}/15/execution/node/6/wfapi/describe`), 1);
    assert.equal(server.count(`${jobPath}/15/execution/node/14/wfapi/describe`), 1);
    assert.equal(server.count(`${jobPath}/15/wfapi/describe`), 2);
  });

  it('asks a running stage for its steps on every poll, and keeps polling through a missing node', async () => {
    const describe = fixture<{ status: string; stages: { status: string }[] }>('jenkins/wfapi-describe.json');
    describe.status = 'IN_PROGRESS';
    describe.stages[1].status = 'IN_PROGRESS';
    const stage = fixture<{ status: string; stageFlowNodes: { status: string }[] }>('jenkins/wfapi-node-test.json');
    stage.status = 'IN_PROGRESS';
    stage.stageFlowNodes[0].status = 'IN_PROGRESS';
    server.on('GET', `${jobPath}/15/wfapi/describe`, { json: describe });
    server.on('GET', `${jobPath}/15/execution/node/14/wfapi/describe`, () => ({ json: stage }));
    const first = await provider.listJobs(run('15'), signal);
    assert.deepEqual(first.items.map((job) => [job.status, job.steps.map((step) => step.status)]), [
      ['succeeded', []],
      ['running', ['running']],
      ['skipped', []],
    ]);
    stage.status = 'FAILED';
    stage.stageFlowNodes[0].status = 'FAILED';
    const second = await provider.listJobs(run('15'), signal);
    assert.deepEqual(second.items[1].steps.map((step) => step.status), ['failed']);
    assert.equal(server.count(`${jobPath}/15/execution/node/14/wfapi/describe`), 2);
    // Node 6 has no answer here (404): the Build stage shows no steps, and the poll still succeeds.
    assert.equal(server.count(`${jobPath}/15/execution/node/6/wfapi/describe`), 2);
  });

  it('names the configured user as the current user, without a request', async () => {
    assert.equal(await provider.currentUser(signal), 'alice');
    assert.equal(server.requests.length, 0);
  });

  it('continues the progressive log from X-Text-Size without gaps or repeats', async () => {
    // Jenkins counts hidden console notes in X-Text-Size but leaves them out of the text.
    const visible = fixture<string>('jenkins/console.json');
    const lines = visible.split(/(?<=\n)/);
    const raw = lines.map((line, i) => (i % 3 === 0 ? `\x1b[8mha:NOTE${i}\x1b[0m${line}` : line)).join('');
    // eslint-disable-next-line no-control-regex -- the notes are escape sequences
    const notePattern = new RegExp('\u001b\\[8mha:[^\u001b]*\u001b\\[0m', 'g');
    const notes = [...raw.matchAll(notePattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    let written = 0; // raw bytes the build has written so far
    let building = true;
    const starts: number[] = [];
    server.on('GET', `${jobPath}/16/logText/progressiveText`, (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
      const start = Number(url.searchParams.get('start') ?? '0');
      starts.push(start);
      const text = raw.slice(start, written).replace(notePattern, '');
      res.writeHead(200, { 'content-type': 'text/plain', 'x-text-size': String(written), ...(building ? { 'x-more-data': 'true' } : {}) }).end(text);
    });
    const target = { run: run('16') };
    let got = '';
    let offset = 0;
    for (let round = 0; round < 10; round++) {
      // Cut at arbitrary points, mid-line included, but never inside a note.
      written = round < 4 ? Math.min(raw.length, (round + 1) * 97) : raw.length;
      const inside = notes.find((note) => written > note.start && written < note.end);
      if (inside) written = inside.start;
      if (round >= 5) building = false;
      const chunk = await provider.streamLog(target, offset, signal);
      assert.equal(chunk.offset, offset);
      got += chunk.text;
      offset = chunk.nextOffset;
      if (chunk.complete) break;
    }
    assert.equal(got, visible);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
    assert.equal(starts[0], 0);
  });

  it('builds with parameters, sending the crumb with its session cookie', async () => {
    server.on('GET', `${jobPath}/api/json`, { json: fixture('jenkins/parameters.json'), etag: false });
    server.on('GET', '/jenkins/crumbIssuer/api/json', { json: fixture('jenkins/crumb.json'), headers: { 'set-cookie': 'JSESSIONID.abc=node01; Path=/; HttpOnly' }, etag: false });
    server.on('POST', `${jobPath}/buildWithParameters`, { status: 201, headers: { location: `${server.base}/jenkins/queue/item/7/` } });
    const [target] = await provider.triggerTargets('main', signal);
    assert.deepEqual(
      target.inputs.map((i) => [i.name, i.type, i.default]),
      [
        ['TARGET', 'choice', 'staging'],
        ['DRY_RUN', 'boolean', 'false'],
      ],
    );
    await provider.trigger({ target: 'team/app', ref: 'main', inputs: { TARGET: 'production' } }, signal);
    const post = server.requests.find((r) => r.method === 'POST')!;
    assert.equal(post.headers['jenkins-crumb'], '3b1f2c9a8d7e6f5a4b3c2d1e0f9a8b7c');
    assert.equal(post.headers.cookie, 'JSESSIONID.abc=node01');
    assert.equal(post.url.searchParams.get('TARGET'), 'production');
    await assert.rejects(provider.trigger({ target: 'team/app', ref: 'main', inputs: { TARGET: 'moon' } }, signal), (error: unknown) => DevopsError.is(error, 'invalid-data'));
  });

  it('answers the input a build waits for: proceed or abort the pending input, with the crumb; none pending is a clear refusal', async () => {
    server.on('GET', '/jenkins/crumbIssuer/api/json', { json: fixture('jenkins/crumb.json'), etag: false });
    server.on('GET', `${jobPath}/16/wfapi/pendingInputActions`, { json: fixture('jenkins/wfapi-pending-input.json'), etag: false });
    const input = `${jobPath}/16/input/Ef95dd500ae6ed3b27b89fb852296d12`;
    server.on('POST', `${input}/proceedEmpty`, { status: 302, headers: { location: `${server.base}${jobPath}/16/` } });
    server.on('POST', `${input}/abort`, { status: 302, headers: { location: `${server.base}${jobPath}/16/` } });
    assert.equal(await provider.answerInput(run('16'), true, signal), 'Deploy to production?');
    assert.equal(await provider.answerInput(run('16'), false, signal), 'Deploy to production?');
    const posts = server.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => r.path), [`${input}/proceedEmpty`, `${input}/abort`]);
    assert.equal(posts[0].headers['jenkins-crumb'], '3b1f2c9a8d7e6f5a4b3c2d1e0f9a8b7c');
    server.on('GET', `${jobPath}/16/wfapi/pendingInputActions`, { json: [], etag: false });
    await assert.rejects(provider.answerInput(run('16'), true, signal), (error: unknown) => DevopsError.is(error, 'conflict') && /waits for no input/.test(error.message));
  });

  it('stops a build: the redirect Jenkins answers with is the success, and is not followed', async () => {
    server.on('POST', `${jobPath}/16/stop`, { status: 302, headers: { location: `${server.base}${jobPath}/16/` } });
    await provider.cancel(run('16'), signal);
    assert.equal(server.count(`${jobPath}/16/stop`, 'POST'), 1);
    assert.equal(server.count(`${jobPath}/16/`, 'POST') + server.count(`${jobPath}/16/`), 0);
  });

  it('reruns a build with its parameters; errors carry no credentials', async () => {
    server.on('GET', `${jobPath}/15/api/json`, { json: { number: 15, actions: [{ parameters: [{ name: 'TARGET', value: 'staging' }] }] }, etag: false });
    server.on('POST', `${jobPath}/buildWithParameters`, { status: 201 });
    await provider.rerun(run('15'), 'all', signal);
    assert.equal(server.requests.find((r) => r.method === 'POST')?.url.searchParams.get('TARGET'), 'staging');
    server.on('GET', `${jobPath}/api/json`, { status: 401, body: `<html>bad ${apiToken}</html>` });
    await assert.rejects(provider.listRuns({}, signal), (error: unknown) => DevopsError.is(error, 'unauthorized') && !(error as Error).message.includes(apiToken));
  });
});

function run(id: string): CiRun {
  return { id, number: Number(id), title: `app #${id}`, workflow: 'team/app', status: 'running' };
}

import * as assert from 'node:assert/strict';
import { GithubActionsProvider } from '../../../src/backends/ci/github/githubActionsProvider';
import { ciCapabilities, ciRunCapabilities } from '../../../src/core/ci/ciProvider';
import { CiRunsModel } from '../../../src/core/ci/ciRunsModel';
import type { CiChange } from '../../../src/core/ci/ciRunsModel';
import type { CiTransition } from '../../../src/core/ci/ciTransitions';
import { RefreshScheduler } from '../../../src/core/refresh/refreshScheduler';
import { ManualTimers } from '../../../src/core/refresh/timers';
import { fixture, ReplayServer } from './replayServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const runsPath = '/repos/octo-org/octo-repo/actions/runs';
type RunsBody = { total_count: number; workflow_runs: Record<string, unknown>[] };

describe('CI runs model on the refresh scheduler (GitHub replay on 127.0.0.1)', () => {
  let server: ReplayServer;
  let timers: ManualTimers;
  let scheduler: RefreshScheduler;
  let provider: GithubActionsProvider;
  let model: CiRunsModel;
  let body: RunsBody;
  let changes: CiChange[];
  let transitions: CiTransition[];

  beforeEach(async () => {
    server = await ReplayServer.start();
    body = fixture<RunsBody>('github/workflow-runs.json');
    server.on('GET', runsPath, () => ({ json: body }));
    timers = new ManualTimers(Date.parse('2026-11-27T10:05:00Z'));
    scheduler = new RefreshScheduler({ timers, random: () => 0.5 });
    provider = new GithubActionsProvider({ network: openNetwork, baseUrl: server.base, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve('ghp_x'), timeoutMs: 2000 });
    model = new CiRunsModel({ provider, scheduler, now: () => timers.now() });
    changes = [];
    transitions = [];
    model.onDidChange((change) => changes.push(change));
    model.onDidTransition((transition) => transitions.push(transition));
    model.setHead('main', '009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d');
    model.start();
  });
  afterEach(async () => {
    model.dispose();
    scheduler.dispose();
    provider.dispose();
    await server.close();
  });

  async function advance(ms: number): Promise<void> {
    await timers.advance(ms);
    for (let i = 0; i < 400 && scheduler.status(model.jobId)?.state === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  const runChanges = (): number => changes.filter((c) => c.kind === 'runs').length;

  it('polls nothing while no view is interested', async () => {
    await advance(120_000);
    assert.equal(server.requests.length, 0);
  });

  it('loads, marks the head commit, and a 304 poll emits nothing', async () => {
    const interest = scheduler.addInterest('pipeline');
    await advance(0);
    assert.equal(server.count(runsPath), 1);
    assert.equal(server.requests[0].url.searchParams.get('branch'), 'main');
    assert.equal(runChanges(), 1);
    assert.deepEqual(
      model.runs.filter((row) => row.isHeadCommit).map((row) => row.run.id),
      ['30433641'],
    );
    const before = changes.length;
    await advance(10_000); // a run is in progress: fast interval
    assert.equal(server.count(runsPath), 2);
    assert.equal(server.notModified, 1);
    assert.equal(changes.length, before);
    assert.equal(transitions.length, 0);
    assert.deepEqual(ciRunCapabilities(model.capabilities, model.runs[0].run, false), ['cancelable', 'openable']);
    assert.deepEqual([...ciCapabilities(provider)].sort(), ['cancel', 'rerun', 'trigger']);
    interest.dispose();
  });

  it('polls fast while a run is unfinished, slowly when idle, slower still when unfocused', async () => {
    body.workflow_runs = body.workflow_runs.filter((run) => run.status === 'completed');
    const interest = scheduler.addInterest('pipeline');
    await advance(0);
    await advance(50_000);
    assert.equal(server.count(runsPath), 1);
    await advance(10_000);
    assert.equal(server.count(runsPath), 2);
    scheduler.setFocused(false);
    await advance(120_000);
    assert.equal(server.count(runsPath), 2);
    await advance(60_000);
    assert.equal(server.count(runsPath), 3);
    interest.dispose();
  });

  it('fires failed, waiting and recovered once each', async () => {
    body.workflow_runs = body.workflow_runs.filter((run) => run.name === 'CI' && run.head_branch === 'main');
    const interest = scheduler.addInterest('pipeline');
    await advance(0);
    assert.equal(transitions.length, 0); // what was already so is not news
    Object.assign(body.workflow_runs[0], { status: 'completed', conclusion: 'failure', updated_at: '2026-11-27T10:06:00Z' });
    await advance(10_000);
    await advance(60_000);
    assert.deepEqual(
      transitions.map((t) => [t.kind, t.run.id]),
      [['failed', '30433642']],
    );
    const fixed = { ...body.workflow_runs[0], id: 30433643, run_number: 563, status: 'waiting', conclusion: null, created_at: '2026-11-27T10:10:00Z' };
    body.workflow_runs.unshift(fixed);
    await advance(60_000);
    await advance(10_000);
    Object.assign(fixed, { status: 'completed', conclusion: 'success' });
    await advance(10_000);
    await advance(60_000);
    assert.deepEqual(
      transitions.map((t) => [t.kind, t.run.id]),
      [
        ['failed', '30433642'],
        ['waiting', '30433643'],
        ['recovered', '30433643'],
      ],
    );
    interest.dispose();
  });

  it('keeps the last good runs and marks them stale after repeated failures; honours Retry-After', async () => {
    const interest = scheduler.addInterest('pipeline');
    await advance(0);
    const loadedAt = model.state.lastLoadedAt;
    server.on('GET', runsPath, { status: 500, body: '{"message":"boom"}' });
    for (let i = 0; i < 3; i++) await advance(10_000 * 2 ** i);
    assert.equal(server.count(runsPath), 4);
    const state = model.state;
    assert.equal(state.stale, true);
    assert.equal(state.staleSince, loadedAt);
    assert.match(state.error?.message ?? '', /500/);
    assert.equal(model.runs.length, 4);
    server.on('GET', runsPath, { status: 429, headers: { 'retry-after': '300' }, body: '{}' });
    await advance(80_000);
    const afterLimited = server.count(runsPath);
    await advance(200_000);
    assert.equal(server.count(runsPath), afterLimited);
    server.on('GET', runsPath, () => ({ json: body }));
    await advance(400_000);
    assert.ok(server.count(runsPath) > afterLimited);
    assert.equal(model.state.stale, false);
    interest.dispose();
  });

  it('loads and refreshes the jobs of an expanded run only', async () => {
    server.on('GET', `${runsPath}/30433642/jobs`, { json: fixture('github/workflow-jobs.json') });
    const interest = scheduler.addInterest('pipeline');
    await advance(0);
    assert.equal(server.count(`${runsPath}/30433642/jobs`), 0);
    model.setExpanded('30433642', true);
    await advance(0);
    assert.equal(model.jobs('30433642')?.length, 2);
    assert.ok(changes.some((c) => c.kind === 'jobs' && c.runId === '30433642'));
    const jobEvents = changes.filter((c) => c.kind === 'jobs').length;
    await advance(10_000);
    assert.equal(server.count(`${runsPath}/30433642/jobs`), 2);
    assert.equal(changes.filter((c) => c.kind === 'jobs').length, jobEvents);
    interest.dispose();
  });
});

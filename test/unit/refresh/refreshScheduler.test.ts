import * as assert from 'node:assert/strict';
import { DevopsError } from '../../../src/core/errors';
import type { Disposable } from '../../../src/core/refresh/eventEmitter';
import type { RefreshJobContext, RefreshJobSpec } from '../../../src/core/refresh/refreshJob';
import { RefreshScheduler, type RefreshSchedulerOptions } from '../../../src/core/refresh/refreshScheduler';
import { ManualTimers, realTimers } from '../../../src/core/refresh/timers';

/** A job whose runs the test records and ends by hand. */
class ScriptedJob {
  readonly starts: number[] = [];
  readonly contexts: RefreshJobContext[] = [];
  private pending: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly timers: { now(): number }) {}

  run = (context: RefreshJobContext): Promise<void> => {
    this.starts.push(this.timers.now());
    this.contexts.push(context);
    return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
  };

  succeed(): void {
    this.pending.shift()!.resolve();
  }

  fail(message = 'boom'): void {
    this.pending.shift()!.reject(new Error(message));
  }

  get running(): number {
    return this.pending.length;
  }
}

describe('RefreshScheduler (manual clock)', () => {
  let timers: ManualTimers;
  let scheduler: RefreshScheduler;
  const holds: Disposable[] = [];

  function make(options: RefreshSchedulerOptions = {}): RefreshScheduler {
    scheduler = new RefreshScheduler({ timers, random: () => 0.5, ...options });
    return scheduler;
  }

  function spec(id: string, run: RefreshJobSpec['run'], extra: Partial<RefreshJobSpec> = {}): RefreshJobSpec {
    return { id, topic: 'services', run, idleIntervalMs: 10_000, timeoutMs: 2_000, ...extra };
  }

  beforeEach(() => {
    timers = new ManualTimers();
  });

  afterEach(() => {
    for (const h of holds.splice(0)) h.dispose();
    scheduler?.dispose();
  });

  it('runs nothing while no one is interested, and starts when someone looks', async () => {
    make();
    const job = new ScriptedJob(timers);
    holds.push(scheduler.register(spec('a', job.run)));
    await timers.advance(60_000);
    assert.equal(job.starts.length, 0);
    assert.equal(scheduler.status('a')?.state, 'paused');
    holds.push(scheduler.addInterest('services'));
    await timers.advance(0);
    assert.deepEqual(job.starts, [timers.now()]);
    assert.equal(scheduler.status('a')?.state, 'running');
  });

  it('uses the idle interval, the active one while isActive(), and stops when interest goes', async () => {
    make();
    let active = false;
    const job = new ScriptedJob(timers);
    const interest = scheduler.addInterest('services');
    holds.push(scheduler.register(spec('a', job.run, { activeIntervalMs: 1_000, isActive: () => active, jitter: 0 })));
    await timers.advance(0);
    const t0 = timers.now();
    job.succeed();
    await timers.advance(9_999);
    assert.equal(job.starts.length, 1);
    await timers.advance(1);
    assert.deepEqual(job.starts, [t0, t0 + 10_000]);
    active = true;
    job.succeed();
    await timers.advance(1_000);
    assert.equal(job.starts.length, 3);
    interest.dispose();
    interest.dispose(); // twice is harmless
    job.succeed();
    await timers.advance(60_000);
    assert.equal(job.starts.length, 3);
    assert.equal(scheduler.status('a')?.state, 'paused');
  });

  it('spreads runs by the jitter fraction', async () => {
    const draws = [0, 0, 0.999999];
    make({ random: () => draws.shift() ?? 0.5 });
    const job = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('a', job.run, { jitter: 0.2 })));
    await timers.advance(0);
    job.succeed(); // next delay drawn with random 0: 10 000 × 0.8
    await timers.advance(8_000);
    assert.equal(job.starts.length, 2);
    job.succeed(); // random ≈1: 10 000 × 1.2
    await timers.advance(11_999);
    assert.equal(job.starts.length, 2);
    await timers.advance(1);
    assert.equal(job.starts.length, 3);
  });

  it('keeps to the concurrency limit per group and starts queued jobs as slots free', async () => {
    make({ concurrency: 1, groupConcurrency: { fast: 2 } });
    const jobs = ['a', 'b', 'c'].map(() => new ScriptedJob(timers));
    const other = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    jobs.forEach((job, i) => holds.push(scheduler.register(spec(`s${i}`, job.run))));
    holds.push(scheduler.register(spec('x', other.run, { group: 'fast' })));
    await timers.advance(0);
    assert.deepEqual(jobs.map((j) => j.running), [1, 0, 0]);
    assert.equal(other.running, 1, 'another group has its own limit');
    jobs[0].succeed();
    await timers.advance(0);
    assert.deepEqual(jobs.map((j) => j.running), [0, 1, 0]);
    jobs[1].succeed();
    await timers.advance(0);
    assert.deepEqual(jobs.map((j) => j.running), [0, 0, 1]);
  });

  it('aborts a hung job at its timeout, frees its slot, and backs off', async () => {
    make({ concurrency: 1 });
    const hung = new ScriptedJob(timers);
    const quick = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('hung', hung.run, { timeoutMs: 2_000, jitter: 0 })));
    holds.push(scheduler.register(spec('quick', quick.run, { jitter: 0 })));
    await timers.advance(0);
    assert.equal(quick.starts.length, 0, 'the single slot is taken by the hung job');
    await timers.advance(2_000);
    assert.equal(hung.contexts[0].signal.aborted, true);
    assert.ok(DevopsError.is(hung.contexts[0].signal.reason, 'timeout'));
    assert.equal(quick.starts.length, 1, 'the timeout freed the slot');
    const status = scheduler.status('hung')!;
    assert.equal(status.consecutiveFailures, 1);
    assert.equal(status.state, 'backing-off');
    assert.match(status.lastError ?? '', /2000 ms/);
    hung.succeed(); // a late answer of the timed-out run is ignored
    await timers.advance(0);
    assert.equal(scheduler.status('hung')!.consecutiveFailures, 1);
  });

  it('doubles the delay after repeated failures, marks stale since the last success, recovers', async () => {
    make({ failuresBeforeStale: 3 });
    const job = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('a', job.run, { jitter: 0 })));
    await timers.advance(0);
    job.succeed();
    await timers.advance(0);
    const lastGood = timers.now();
    await timers.advance(10_000);
    job.fail(); // 1st failure: normal interval
    await timers.advance(10_000);
    assert.equal(job.starts.length, 3);
    job.fail(); // 2nd: 20 s
    await timers.advance(19_999);
    assert.equal(job.starts.length, 3);
    await timers.advance(1);
    assert.equal(job.starts.length, 4);
    assert.equal(scheduler.status('a')!.staleSince, undefined);
    job.fail(); // 3rd: stale, 40 s
    await timers.advance(0);
    assert.equal(scheduler.status('a')!.staleSince, lastGood);
    assert.equal(scheduler.status('a')!.nextRunAt, timers.now() + 40_000);
    await timers.advance(40_000);
    job.succeed();
    await timers.advance(0);
    const status = scheduler.status('a')!;
    assert.equal(status.staleSince, undefined);
    assert.equal(status.consecutiveFailures, 0);
    assert.equal(status.state, 'waiting');
  });

  it('caps the backoff', async () => {
    make({ maxBackoffMs: 30_000 });
    const job = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('a', job.run, { jitter: 0 })));
    await timers.advance(0);
    for (let i = 0; i < 6; i++) {
      job.fail();
      await timers.advance(0);
      await timers.advance(scheduler.status('a')!.nextRunAt! - timers.now());
    }
    job.fail();
    await timers.advance(0);
    assert.equal(scheduler.status('a')!.nextRunAt! - timers.now(), 30_000);
  });

  it('honours a Retry-After style delay, even for refreshNow', async () => {
    make();
    const job = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('a', job.run, { jitter: 0 })));
    await timers.advance(0);
    const retryAt = timers.now() + 120_000;
    job.contexts[0].delayUntil(retryAt);
    job.succeed();
    await timers.advance(0);
    scheduler.refreshNow('a');
    await timers.advance(119_999);
    assert.equal(job.starts.length, 1);
    await timers.advance(1);
    assert.deepEqual(job.starts.slice(1), [retryAt]);
  });

  it('stretches intervals while unfocused and brings them back on focus', async () => {
    make({ unfocusedFactor: 3 });
    const job = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('a', job.run, { jitter: 0 })));
    await timers.advance(0);
    scheduler.setFocused(false);
    job.succeed();
    await timers.advance(29_999);
    assert.equal(job.starts.length, 1);
    await timers.advance(1);
    assert.equal(job.starts.length, 2);
    job.succeed();
    await timers.advance(5_000);
    scheduler.setFocused(true); // due again 10 s after the last run: 5 s from now
    await timers.advance(5_000);
    assert.equal(job.starts.length, 3);
  });

  it('refreshNow runs a waiting job at once; removing a job aborts its run', async () => {
    make();
    const job = new ScriptedJob(timers);
    holds.push(scheduler.addInterest('services'));
    const registration = scheduler.register(spec('a', job.run, { runImmediately: false }));
    await timers.advance(1_000);
    assert.equal(job.starts.length, 0);
    scheduler.refreshNow('a');
    await timers.advance(0);
    assert.equal(job.starts.length, 1);
    registration.dispose();
    assert.equal(job.contexts[0].signal.aborted, true);
    assert.ok(DevopsError.is(job.contexts[0].signal.reason, 'cancelled'));
    assert.equal(scheduler.status('a'), undefined);
  });

  it('refuses a duplicate id and reports status changes as events', async () => {
    make();
    const job = new ScriptedJob(timers);
    const states: string[] = [];
    holds.push(scheduler.onDidChangeStatus((s) => states.push(`${s.id}:${s.state}`)));
    holds.push(scheduler.addInterest('services'));
    holds.push(scheduler.register(spec('a', job.run)));
    assert.throws(() => scheduler.register(spec('a', job.run)), (e: unknown) => DevopsError.is(e, 'conflict'));
    await timers.advance(0);
    job.fail();
    await timers.advance(0);
    assert.deepEqual(states, ['a:waiting', 'a:running', 'a:backing-off']);
  });
});

describe('RefreshScheduler (real timers)', () => {
  let scheduler: RefreshScheduler | undefined;

  afterEach(() => scheduler?.dispose());

  it('a hung job never delays the others', async () => {
    scheduler = new RefreshScheduler({ timers: realTimers, concurrency: 2 });
    scheduler.addInterest('t');
    let quickRuns = 0;
    let hungAborts = 0;
    scheduler.register({
      id: 'hung',
      topic: 't',
      idleIntervalMs: 10,
      timeoutMs: 150,
      run: ({ signal }) => new Promise<void>(() => signal.addEventListener('abort', () => hungAborts++)),
    });
    scheduler.register({ id: 'quick', topic: 't', idleIntervalMs: 20, timeoutMs: 100, run: () => Promise.resolve(void quickRuns++) });
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.ok(quickRuns >= 8, `quick job ran ${quickRuns} times in 400 ms`);
    assert.ok(hungAborts >= 1, 'the hung job was aborted at its timeout');
    assert.ok((scheduler.status('hung')?.consecutiveFailures ?? 0) >= 1);
  });
});

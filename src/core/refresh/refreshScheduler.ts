// THE one scheduler that owns every timer of the product (ARCHITECTURE.md): views, the
// status bar and alert rules declare interest; jobs run only while someone is interested.
// One wake-up timer for all jobs; each run gets its own timeout so a hung job only ever
// holds its own slot until the timeout frees it.
import { DevopsError } from '../errors';
import { type Disposable, type Event, EventEmitter } from './eventEmitter';
import type { RefreshJobContext, RefreshJobSpec, RefreshJobStatus } from './refreshJob';
import { realTimers, type TimerHandle, type Timers } from './timers';

export interface RefreshSchedulerOptions {
  /** Clock and timers; real ones by default. */
  timers?: Timers;
  /** Random source in [0, 1) for jitter; Math.random by default. */
  random?: () => number;
  /** Jobs running at once, per group unless `groupConcurrency` says otherwise; default 4. */
  concurrency?: number;
  /** Per-group limits, e.g. { services: 16 }. */
  groupConcurrency?: Record<string, number>;
  /** Intervals are multiplied by this while the window is unfocused; default 3. */
  unfocusedFactor?: number;
  /** Upper bound of the failure backoff; default 10 minutes. */
  maxBackoffMs?: number;
  /** Consecutive failures after which a job is "stale"; default 3. */
  failuresBeforeStale?: number;
}

interface Job {
  spec: RefreshJobSpec;
  dueAt: number;
  notBefore: number;
  jitterFactor: number;
  running?: { token: number; controller: AbortController; timeout: TimerHandle };
  failures: number;
  firstFailureAt?: number;
  lastRunAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
}

export class RefreshScheduler implements Disposable {
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly jobs = new Map<string, Job>();
  private readonly interest = new Map<string, number>();
  private readonly runningByGroup = new Map<string, number>();
  private readonly changed = new EventEmitter<RefreshJobStatus>();
  private wake?: TimerHandle;
  private focused = true;
  private nextToken = 1;
  private disposed = false;

  /** Fires whenever a job's status changes. */
  readonly onDidChangeStatus: Event<RefreshJobStatus> = this.changed.event;

  constructor(private readonly options: RefreshSchedulerOptions = {}) {
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
  }

  register(spec: RefreshJobSpec): Disposable {
    if (this.jobs.has(spec.id)) throw new DevopsError('conflict', `A refresh job "${spec.id}" is already registered.`);
    const now = this.timers.now();
    const job: Job = { spec, dueAt: now, notBefore: 0, jitterFactor: this.drawJitter(spec), failures: 0 };
    if (spec.runImmediately === false) job.dueAt = now + this.delayFor(job);
    this.jobs.set(spec.id, job);
    this.emit(job);
    this.pump();
    return { dispose: () => this.unregister(spec.id) };
  }

  /** Declares that someone looks at `topic` (a visible view, the status bar, an alert rule). */
  addInterest(topic: string): Disposable {
    const before = this.interest.get(topic) ?? 0;
    this.interest.set(topic, before + 1);
    if (before === 0) this.topicChanged(topic);
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        const count = (this.interest.get(topic) ?? 1) - 1;
        if (count <= 0) this.interest.delete(topic);
        else this.interest.set(topic, count);
        if (count <= 0) this.topicChanged(topic);
      },
    };
  }

  isInterested(topic: string): boolean {
    return (this.interest.get(topic) ?? 0) > 0;
  }

  /** While unfocused every interval is stretched; regaining focus brings due times back. */
  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    for (const job of this.jobs.values()) if (!job.running) this.planNext(job);
    this.pump();
  }

  /** Runs the job as soon as a slot is free (still honouring a Retry-After delay). */
  refreshNow(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.running) return;
    job.dueAt = this.timers.now();
    this.pump();
  }

  /** Re-plans the next run after `isActive()` changed (e.g. a run started). */
  reschedule(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.running) return;
    this.planNext(job);
    this.emit(job);
    this.pump();
  }

  status(id: string): RefreshJobStatus | undefined {
    const job = this.jobs.get(id);
    return job && this.statusOf(job);
  }

  statuses(): RefreshJobStatus[] {
    return [...this.jobs.values()].map((job) => this.statusOf(job));
  }

  dispose(): void {
    this.disposed = true;
    this.wake?.cancel();
    for (const id of [...this.jobs.keys()]) this.unregister(id);
    this.changed.dispose();
  }

  private unregister(id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    if (job.running) {
      job.running.timeout.cancel();
      job.running.controller.abort(new DevopsError('cancelled', `Refresh job "${id}" was removed.`));
      job.running = undefined;
      this.countRunning(job, -1);
    }
    this.pump();
  }

  private topicChanged(topic: string): void {
    for (const job of this.jobs.values()) if (job.spec.topic === topic) this.emit(job);
    this.pump();
  }

  private eligible(job: Job): boolean {
    return !job.running && this.isInterested(job.spec.topic);
  }

  private effectiveDue(job: Job): number {
    return Math.max(job.dueAt, job.notBefore);
  }

  private limitFor(group: string): number {
    return this.options.groupConcurrency?.[group] ?? this.options.concurrency ?? 4;
  }

  private runningIn(group: string): number {
    return this.runningByGroup.get(group) ?? 0;
  }

  private countRunning(job: Job, delta: number): void {
    const group = job.spec.group ?? '';
    this.runningByGroup.set(group, this.runningIn(group) + delta);
  }

  private pump(): void {
    if (this.disposed) return;
    const now = this.timers.now();
    const due = [...this.jobs.values()]
      .filter((job) => this.eligible(job) && this.effectiveDue(job) <= now)
      .sort((a, b) => this.effectiveDue(a) - this.effectiveDue(b));
    for (const job of due) {
      const group = job.spec.group ?? '';
      if (this.runningIn(group) < this.limitFor(group)) this.start(job);
    }
    this.armWake(now);
  }

  // Jobs already due but blocked by a concurrency limit need no timer: a finishing job pumps.
  private armWake(now: number): void {
    this.wake?.cancel();
    this.wake = undefined;
    let earliest = Infinity;
    for (const job of this.jobs.values()) {
      const at = this.effectiveDue(job);
      if (this.eligible(job) && at > now && at < earliest) earliest = at;
    }
    if (earliest !== Infinity) this.wake = this.timers.setTimer(() => this.pump(), earliest - now);
  }

  private start(job: Job): void {
    const token = this.nextToken++;
    const controller = new AbortController();
    const timeout = this.timers.setTimer(() => {
      const error = new DevopsError('timeout', `No result within ${job.spec.timeoutMs} ms.`);
      controller.abort(error);
      this.finish(job, token, error);
    }, job.spec.timeoutMs);
    job.running = { token, controller, timeout };
    this.countRunning(job, 1);
    const context: RefreshJobContext = {
      signal: controller.signal,
      delayUntil: (time) => (job.notBefore = Math.max(job.notBefore, time)),
    };
    this.emit(job);
    Promise.resolve()
      .then(() => job.spec.run(context))
      .then(
        () => this.finish(job, token, undefined),
        (error: unknown) => this.finish(job, token, error ?? new Error('failed')),
      );
  }

  // Late results of a run that already timed out (or was removed) carry a stale token.
  private finish(job: Job, token: number, error: unknown): void {
    if (job.running?.token !== token) return;
    job.running.timeout.cancel();
    job.running = undefined;
    this.countRunning(job, -1);
    const now = this.timers.now();
    job.lastRunAt = now;
    if (error === undefined) {
      job.failures = 0;
      job.firstFailureAt = undefined;
      job.lastError = undefined;
      job.lastSuccessAt = now;
    } else {
      job.failures++;
      job.firstFailureAt ??= now;
      job.lastError = error instanceof Error ? error.message : typeof error === 'string' ? error : 'failed';
    }
    job.jitterFactor = this.drawJitter(job.spec);
    this.planNext(job);
    if (this.jobs.get(job.spec.id) === job) this.emit(job);
    this.pump();
  }

  private planNext(job: Job): void {
    job.dueAt = (job.lastRunAt ?? this.timers.now()) + this.delayFor(job);
  }

  private delayFor(job: Job): number {
    const { spec } = job;
    const base = spec.isActive?.() ? (spec.activeIntervalMs ?? spec.idleIntervalMs) : spec.idleIntervalMs;
    const stretched = this.focused ? base : base * (this.options.unfocusedFactor ?? 3);
    const maxBackoff = Math.max(this.options.maxBackoffMs ?? 600_000, stretched);
    const backoff = job.failures > 1 ? Math.min(stretched * 2 ** (job.failures - 1), maxBackoff) : stretched;
    return Math.round(backoff * job.jitterFactor);
  }

  private drawJitter(spec: RefreshJobSpec): number {
    const jitter = Math.min(Math.max(spec.jitter ?? 0.1, 0), 1);
    return 1 + jitter * (2 * this.random() - 1);
  }

  private statusOf(job: Job): RefreshJobStatus {
    const stale = job.failures >= (this.options.failuresBeforeStale ?? 3);
    const paused = !this.isInterested(job.spec.topic);
    return {
      id: job.spec.id,
      topic: job.spec.topic,
      state: job.running ? 'running' : paused ? 'paused' : job.failures > 0 ? 'backing-off' : 'waiting',
      consecutiveFailures: job.failures,
      staleSince: stale ? (job.lastSuccessAt ?? job.firstFailureAt) : undefined,
      lastRunAt: job.lastRunAt,
      lastSuccessAt: job.lastSuccessAt,
      lastError: job.lastError,
      nextRunAt: job.running || paused ? undefined : this.effectiveDue(job),
    };
  }

  private emit(job: Job): void {
    this.changed.fire(this.statusOf(job));
  }
}

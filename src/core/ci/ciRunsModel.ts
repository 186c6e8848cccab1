import { DevopsError, isCancellation } from '../errors';
import { EventEmitter } from '../refresh/eventEmitter';
import type { Disposable, Event } from '../refresh/eventEmitter';
import type { RefreshJobContext } from '../refresh/refreshJob';
import type { RefreshScheduler } from '../refresh/refreshScheduler';
import { ciCapabilities } from './ciProvider';
import type { CiCapability, CiProvider } from './ciProvider';
import { RunTransitions } from './ciTransitions';
import type { CiTransition } from './ciTransitions';
import { isFinished } from './ciTypes';
import type { CiJob, CiRun, RateBudget, TriggerRequest } from './ciTypes';
import { sameJson } from './sameJson';

// The model of one CI provider for the Pipeline view: the last good runs and the jobs
// of the runs someone looks at, polled through the one refresh scheduler (fast while a
// run is not finished, slow when idle, nothing while no view is interested). A 304 or
// an identical answer fires nothing; a failure keeps the data and marks it stale.

export interface CiRunsModelOptions {
  provider: CiProvider;
  scheduler: RefreshScheduler;
  /** Interest topic the Pipeline view declares while visible; default "pipeline". */
  topic?: string;
  /** Interval while some run is not finished; default 10 s. */
  fastIntervalMs?: number;
  /** Interval when everything is finished; default 60 s. */
  slowIntervalMs?: number;
  /** Runs listed; default 20. */
  limit?: number;
  /** Failures in a row after which the data is stale; default 3. */
  failuresBeforeStale?: number;
  /** Deadline of one poll; default 30 s. */
  timeoutMs?: number;
  /** Wall clock; replaceable in tests. */
  now?: () => number;
}

/** What to redraw. */
export type CiChange =
  /** The run list changed: redraw the provider's children. */
  | { kind: 'runs' }
  /** The jobs of one run changed: redraw that run's children. */
  | { kind: 'jobs'; runId: string }
  /** Freshness changed (stale, error, budget): redraw the provider row. */
  | { kind: 'state' };

/** How fresh the model's data is. */
export interface CiModelState {
  /** True once a poll succeeded. */
  loaded: boolean;
  /** True after repeated failures; the data shown is from `staleSince`. */
  stale: boolean;
  /** When the data shown was last known good (or the first failure, if never). */
  staleSince?: number;
  /** The last poll's error, while failing. */
  error?: Error;
  /** When the last poll succeeded. */
  lastLoadedAt?: number;
  /** API budget left, as last told. */
  budget?: RateBudget;
}

/** A run as the view shows it. */
export interface CiRunRow {
  /** The run. */
  run: CiRun;
  /** True when it ran on the checked-out commit. */
  isHeadCommit: boolean;
}

export class CiRunsModel implements Disposable {
  private readonly changes = new EventEmitter<CiChange>();
  private readonly transitionsFired = new EventEmitter<CiTransition>();
  /** What to redraw. */
  readonly onDidChange: Event<CiChange> = this.changes.event;
  /** Failed, recovered, waiting: once each per run. */
  readonly onDidTransition: Event<CiTransition> = this.transitionsFired.event;
  readonly capabilities: ReadonlySet<CiCapability>;
  readonly jobId: string;
  private readonly transitions = new RunTransitions();
  private readonly jobsByRun = new Map<string, CiJob[]>();
  private readonly expanded = new Set<string>();
  private runList: CiRun[] = [];
  private head: { branch?: string; commit?: string } = {};
  private scope: 'current' | 'all' = 'current';
  private failures = 0;
  private firstFailureAt: number | undefined;
  private status: CiModelState = { loaded: false, stale: false };
  private registration: Disposable | undefined;
  private readonly now: () => number;

  constructor(private readonly options: CiRunsModelOptions) {
    this.capabilities = ciCapabilities(options.provider);
    this.jobId = `ci/${options.provider.id}/${options.provider.label}`;
    this.now = options.now ?? Date.now;
  }

  get provider(): CiProvider {
    return this.options.provider;
  }

  get state(): CiModelState {
    return { ...this.status };
  }

  /** Runs newest first, with the head-commit mark. */
  get runs(): CiRunRow[] {
    return this.runList.map((run) => ({ run, isHeadCommit: this.head.commit !== undefined && run.commit === this.head.commit }));
  }

  /** Jobs of a run, once loaded (expand the run to load and watch them). */
  jobs(runId: string): readonly CiJob[] | undefined {
    return this.jobsByRun.get(runId);
  }

  /** Starts polling through the scheduler (only while the topic has interest). */
  start(): Disposable {
    this.registration ??= this.options.scheduler.register({
      id: this.jobId,
      topic: this.options.topic ?? 'pipeline',
      run: (context) => this.poll(context),
      idleIntervalMs: this.options.slowIntervalMs ?? 60_000,
      activeIntervalMs: this.options.fastIntervalMs ?? 10_000,
      isActive: () => this.runList.some((run) => !isFinished(run.status)),
      timeoutMs: this.options.timeoutMs ?? 30_000,
      group: 'ci',
    });
    return { dispose: () => this.stop() };
  }

  /** Tells the model the checked-out branch and commit. */
  setHead(branch: string | undefined, commit: string | undefined): void {
    const branchChanged = branch !== this.head.branch;
    const commitChanged = commit !== this.head.commit;
    this.head = { branch, commit };
    if (branchChanged && this.scope === 'current') this.refreshNow();
    else if (commitChanged) this.changes.fire({ kind: 'runs' });
  }

  /** Runs of the current branch or of all branches. */
  setScope(scope: 'current' | 'all'): void {
    if (scope === this.scope) return;
    this.scope = scope;
    // The provider row shows the scope: redraw it now, even when the runs listed stay the same.
    this.changes.fire({ kind: 'state' });
    this.refreshNow();
  }

  get currentScope(): 'current' | 'all' {
    return this.scope;
  }

  /** The checked-out branch the model knows; undefined outside git or on a detached HEAD (then "current" lists every branch). */
  get headBranch(): string | undefined {
    return this.head.branch;
  }

  /** A view expanded (or collapsed) a run: its jobs are loaded and kept fresh while expanded. */
  setExpanded(runId: string, expanded: boolean): void {
    if (expanded && !this.expanded.has(runId)) {
      this.expanded.add(runId);
      if (!this.jobsByRun.has(runId)) this.refreshNow();
    } else if (!expanded) this.expanded.delete(runId);
  }

  refreshNow(): void {
    this.options.scheduler.refreshNow(this.jobId);
  }

  /** Reruns, then polls soon so the view shows the new state. */
  async rerun(run: CiRun, scope: 'failed' | 'all', signal: AbortSignal): Promise<void> {
    const rerun = this.options.provider.rerun?.bind(this.options.provider);
    if (!rerun) throw new DevopsError('conflict', `${this.options.provider.id} cannot rerun runs.`);
    await rerun(run, scope, signal);
    this.refreshNow();
  }

  async cancel(run: CiRun, signal: AbortSignal): Promise<void> {
    const cancel = this.options.provider.cancel?.bind(this.options.provider);
    if (!cancel) throw new DevopsError('conflict', `${this.options.provider.id} cannot cancel runs.`);
    await cancel(run, signal);
    this.refreshNow();
  }

  /** Answers the input a run waits for, then polls soon; resolves with the input's question. */
  async answerInput(run: CiRun, proceed: boolean, signal: AbortSignal): Promise<string> {
    const answer = this.options.provider.answerInput?.bind(this.options.provider);
    if (!answer) throw new DevopsError('conflict', `${this.options.provider.id} has no inputs to answer.`);
    const question = await answer(run, proceed, signal);
    this.refreshNow();
    return question;
  }

  /** Starts a job waiting for a person, then polls soon. */
  async playJob(job: CiJob, signal: AbortSignal): Promise<void> {
    const play = this.options.provider.playJob?.bind(this.options.provider);
    if (!play) throw new DevopsError('conflict', `${this.options.provider.id} cannot start jobs.`);
    await play(job, signal);
    this.refreshNow();
  }

  async trigger(request: TriggerRequest, signal: AbortSignal): Promise<void> {
    const trigger = this.options.provider.trigger?.bind(this.options.provider);
    if (!trigger) throw new DevopsError('conflict', `${this.options.provider.id} cannot start runs.`);
    await trigger(request, signal);
    this.refreshNow();
  }

  dispose(): void {
    this.stop();
    this.changes.dispose();
    this.transitionsFired.dispose();
  }

  private stop(): void {
    this.registration?.dispose();
    this.registration = undefined;
  }

  private async poll(context: RefreshJobContext): Promise<void> {
    const { provider } = this.options;
    try {
      const branch = this.scope === 'current' ? this.head.branch : undefined;
      const listed = await provider.listRuns({ branch, limit: this.options.limit ?? 20 }, context.signal);
      const runsChanged = !listed.unchanged && !sameJson(listed.items, this.runList);
      if (runsChanged) this.runList = listed.items;
      const jobChanges = await this.pollJobs(context.signal);
      const firstLoad = !this.status.loaded;
      const recovered = this.failures > 0 || firstLoad;
      this.failures = 0;
      this.firstFailureAt = undefined;
      const budget = provider.rateBudget?.();
      const budgetChanged = !sameJson(budget, this.status.budget);
      this.status = { loaded: true, stale: false, lastLoadedAt: this.now(), budget };
      this.respectBudget(budget, context);
      if (runsChanged) this.changes.fire({ kind: 'runs' });
      for (const runId of jobChanges) this.changes.fire({ kind: 'jobs', runId });
      if (recovered || budgetChanged) this.changes.fire({ kind: 'state' });
      if (runsChanged || firstLoad) for (const transition of this.transitions.observe(this.runList)) this.transitionsFired.fire(transition);
    } catch (error) {
      if (isCancellation(error) && context.signal.aborted) throw error;
      this.recordFailure(error, context);
      throw error;
    }
  }

  // Jobs of expanded runs; a finished run's jobs are fetched once and then left alone.
  private async pollJobs(signal: AbortSignal): Promise<string[]> {
    const changed: string[] = [];
    const present = new Set(this.runList.map((run) => run.id));
    for (const runId of [...this.jobsByRun.keys()]) if (!present.has(runId)) this.jobsByRun.delete(runId);
    for (const runId of this.expanded) {
      const run = this.runList.find((candidate) => candidate.id === runId);
      if (!run) continue;
      const known = this.jobsByRun.get(runId);
      if (known && isFinished(run.status) && known.every((job) => isFinished(job.status))) continue;
      const listed = await this.options.provider.listJobs(run, signal);
      if (listed.unchanged || sameJson(listed.items, known)) continue;
      this.jobsByRun.set(runId, listed.items);
      changed.push(runId);
    }
    return changed;
  }

  private respectBudget(budget: RateBudget | undefined, context: RefreshJobContext): void {
    if (budget && budget.remaining <= 0 && budget.resetAt !== undefined && budget.resetAt > this.now()) context.delayUntil(budget.resetAt);
  }

  private recordFailure(error: unknown, context: RefreshJobContext): void {
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof retryAfterMs === 'number' && retryAfterMs > 0) context.delayUntil(this.now() + retryAfterMs);
    this.failures++;
    this.firstFailureAt ??= this.now();
    const stale = this.failures >= (this.options.failuresBeforeStale ?? 3);
    const normalized = error instanceof Error ? error : new DevopsError('unavailable', String(error));
    this.status = {
      ...this.status,
      stale,
      staleSince: stale ? (this.status.lastLoadedAt ?? this.firstFailureAt) : undefined,
      error: normalized,
      budget: this.options.provider.rateBudget?.() ?? this.status.budget,
    };
    this.changes.fire({ kind: 'state' });
  }
}

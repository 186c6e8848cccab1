import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { StageConfig } from '../config/schema';
import { DevopsError } from '../errors';
import type { Clock } from '../ports';
import { EventEmitter } from '../refresh/eventEmitter';
import { scheduleStages } from './stageScheduler';
import { deployOnlyStages, needsWithin, selectStages } from './stagePlan';
import type { StageExecutor } from './stageExecutor';
import type { DeployAction } from './deployTypes';
import type { PipelineRun, RunOrigin, StageRun } from './runTypes';

export interface PipelineEngineOptions {
  /** Workspace root (folder of devops.yaml); absolute. */
  workspace: string;
  /** Stages as devops.yaml declares them, in order. */
  stages: Readonly<Record<string, StageConfig>>;
  /** How many stages run at once. */
  parallel: number;
  /** One executor per stage kind; a kind without one fails its stages with a reason. */
  executors: Partial<Record<StageConfig['kind'], StageExecutor>>;
  /** Where logs go: <runsDir>/<runId>/<stage>.log. Default <workspace>/.devops/runs. */
  runsDir?: string;
  /** Commit, branch and who, read when a run starts. */
  origin: () => Promise<RunOrigin>;
  /** Asked before every run; false refuses (untrusted). Release runs git directly, so the runner's gate is not enough. */
  isTrusted: () => boolean;
  /** Protected environments, so a run that deploys to one without confirmation is refused up front. */
  protectedEnvironments?: ReadonlySet<string>;
  clock?: Clock;
  /** Run ids; default a sortable time + random suffix. */
  newRunId?: () => string;
}

/** What to run. */
export interface RunRequest {
  /** Stage names; empty or absent runs the whole pipeline. */
  stages?: string[];
  /** Also run what the stages need, transitively (default false, as in CI). */
  includeNeeds?: boolean;
  /** Protected environments the user confirmed for this run. */
  confirmedEnvironments?: string[];
  /** Deploy to this environment with its deploy command instead, as a run of that one stage. */
  deployTo?: string;
  /** With deployTo: roll the engine target back, or promote another environment's image, instead. */
  deployAction?: DeployAction;
}

/** A stage's live output, for a terminal. */
export interface StageOutput {
  runId: string;
  stage: string;
  chunk: Buffer;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Runs pipeline stages as a DAG. One run at a time; the model fires an event for every
 * change, so a view can refresh one row. Finished runs are handed to onDidFinishRun
 * (the history listens there).
 */
export class PipelineEngine {
  private readonly runChanged = new EventEmitter<PipelineRun>();
  private readonly stageChanged = new EventEmitter<{ run: PipelineRun; stage: StageRun }>();
  private readonly output = new EventEmitter<StageOutput>();
  private readonly finished = new EventEmitter<PipelineRun>();
  private active: { run: PipelineRun; controller: AbortController; done: Promise<PipelineRun> } | undefined;
  private readonly clock: Clock;

  /** Run status or timing changed (started, finished). */
  readonly onDidChangeRun = this.runChanged.event;
  /** One stage changed (status, times, reason, tests). */
  readonly onDidChangeStage = this.stageChanged.event;
  /** Output of a running stage, as it arrives. */
  readonly onDidOutput = this.output.event;
  /** A run reached its final status. */
  readonly onDidFinishRun = this.finished.event;

  constructor(private readonly options: PipelineEngineOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** The run in progress, if any. */
  get current(): Readonly<PipelineRun> | undefined {
    return this.active?.run;
  }

  get runsDir(): string {
    return this.options.runsDir ?? join(this.options.workspace, '.devops', 'runs');
  }

  /**
   * Starts a run and resolves with it once it is final. Refuses (conflict) while another
   * runs, (not-found) an unknown stage, (forbidden) a protected deploy not confirmed.
   * onStarted gets the run once it is accepted, before any stage starts.
   */
  async run(request: RunRequest = {}, onStarted?: (run: Readonly<PipelineRun>) => void): Promise<PipelineRun> {
    if (!this.options.isTrusted()) throw new DevopsError('untrusted', 'The workspace is not trusted: no stage may run.');
    if (this.active) throw new DevopsError('conflict', `run ${this.active.run.id} is still running`);
    const stages = request.deployTo === undefined ? this.options.stages : deployOnlyStages(request.deployTo, request.deployAction);
    const selection = selectStages(stages, request.deployTo === undefined ? (request.stages ?? []) : [], request.includeNeeds ?? false);
    const confirmed = new Set(request.confirmedEnvironments ?? []);
    for (const name of selection) {
      const env = stages[name]?.kind === 'deploy' ? stages[name]?.environment : undefined;
      if (env && this.options.protectedEnvironments?.has(env) && !confirmed.has(env)) {
        throw new DevopsError('forbidden', `stage "${name}" deploys to the protected environment "${env}", which needs confirmation`);
      }
    }
    const id = this.options.newRunId?.() ?? newRunId(this.clock.now());
    const controller = new AbortController();
    const run: PipelineRun = {
      id,
      status: 'running',
      startedAt: this.clock.now(),
      who: '',
      requested: request.deployTo === undefined ? (request.stages ?? []) : selection,
      stages: selection.map((name) => ({ name, kind: stages[name]?.kind ?? 'run', status: 'waiting', logFile: join(this.runsDir, id, `${name}.log`) })),
    };
    const done = this.execute(run, stages, new Set(selection), confirmed, controller.signal, request.deployTo === undefined ? undefined : request.deployAction);
    this.active = { run, controller, done };
    onStarted?.(run);
    try {
      return await done;
    } finally {
      this.active = undefined;
    }
  }

  /** Runs again the stages of a run that did not succeed, without their (succeeded) needs. */
  rerunFailed(previous: PipelineRun, confirmedEnvironments: string[] = []): Promise<PipelineRun> {
    const again = previous.stages.filter((s) => s.status !== 'succeeded' && s.name in this.options.stages).map((s) => s.name);
    if (again.length === 0) return Promise.reject(new DevopsError('not-found', `run ${previous.id} has no failed stage to rerun`));
    return this.run({ stages: again, confirmedEnvironments });
  }

  /** Cancels the run in progress: running stages end (whole process tree), waiting ones are skipped. */
  cancel(runId?: string): boolean {
    if (!this.active || (runId !== undefined && this.active.run.id !== runId)) return false;
    this.active.controller.abort();
    return true;
  }

  dispose(): void {
    this.active?.controller.abort();
    for (const e of [this.runChanged, this.stageChanged, this.output, this.finished]) e.dispose();
  }

  private async execute(run: PipelineRun, stages: Readonly<Record<string, StageConfig>>, selection: Set<string>, confirmed: Set<string>, signal: AbortSignal, deployAction: DeployAction | undefined): Promise<PipelineRun> {
    const origin = await this.options.origin().catch(() => ({ who: 'unknown' }));
    Object.assign(run, origin);
    this.runChanged.fire(run);
    await scheduleStages({
      run,
      parallel: this.options.parallel,
      needsOf: (name) => needsWithin(stages[name], selection),
      signal,
      clock: this.clock,
      onStage: (stage) => this.stageChanged.fire({ run, stage }),
      context: (stage, log) => ({
        workspace: this.options.workspace,
        run,
        stage,
        config: stages[stage.name],
        log,
        confirmedEnvironments: confirmed,
        ...(deployAction ? { deployAction } : {}),
        onOutput: (chunk) => this.output.fire({ runId: run.id, stage: stage.name, chunk }),
        signal,
      }),
      executorFor: (kind) => this.options.executors[kind],
    });
    run.endedAt = this.clock.now();
    run.status = signal.aborted ? 'cancelled' : run.stages.every((s) => s.status === 'succeeded') ? 'succeeded' : 'failed';
    this.runChanged.fire(run);
    this.finished.fire(run);
    return run;
  }
}

/** Sortable by time, unique enough for one workspace: 20261127T115012-3f9a. */
export function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

import type { StageConfig } from '../config/schema';
import type { Clock } from '../ports';
import { readJunitReports } from './junitReport';
import type { StageContext, StageExecutor, StageOutcome } from './stageExecutor';
import { StageLog } from './stageLog';
import type { PipelineRun, StageRun } from './runTypes';

export interface ScheduleOptions {
  run: PipelineRun;
  parallel: number;
  /** Needs of a stage within this run. */
  needsOf: (name: string) => string[];
  signal: AbortSignal;
  clock: Clock;
  onStage: (stage: StageRun) => void;
  context: (stage: StageRun, log: StageLog) => StageContext;
  executorFor: (kind: StageConfig['kind']) => StageExecutor | undefined;
}

const final = (s: StageRun): boolean => s.status !== 'waiting' && s.status !== 'running';

/**
 * Starts every stage whose needs succeeded, up to `parallel` at once; a stage whose need
 * did not succeed is skipped, naming that need. Resolves when every stage is final.
 */
export async function scheduleStages(options: ScheduleOptions): Promise<void> {
  const { run, signal } = options;
  const byName = new Map(run.stages.map((s) => [s.name, s]));
  const running = new Set<Promise<void>>();
  for (;;) {
    for (const stage of run.stages) {
      if (stage.status !== 'waiting') continue;
      if (signal.aborted) {
        settle(options, stage, { status: 'skipped', reason: 'run cancelled' });
        continue;
      }
      const needs = options.needsOf(stage.name).map((n) => byName.get(n) as StageRun);
      const broken = needs.find((n) => final(n) && n.status !== 'succeeded');
      if (broken) {
        settle(options, stage, { status: 'skipped', reason: `needs "${broken.name}", which ${broken.status === 'skipped' ? 'was skipped' : broken.status}` });
        continue;
      }
      if (running.size >= options.parallel || !needs.every((n) => n.status === 'succeeded')) continue;
      const task = runStage(options, stage).finally(() => running.delete(task));
      running.add(task);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
}

function settle(options: ScheduleOptions, stage: StageRun, change: Partial<StageRun>): void {
  Object.assign(stage, change);
  if (final(stage)) {
    stage.endedAt = options.clock.now();
    if (stage.startedAt !== undefined) stage.durationMs = stage.endedAt - stage.startedAt;
  }
  options.onStage(stage);
}

async function runStage(options: ScheduleOptions, stage: StageRun): Promise<void> {
  settle(options, stage, { status: 'running', startedAt: options.clock.now() });
  let log: StageLog;
  try {
    log = await StageLog.create(stage.logFile);
  } catch (error) {
    settle(options, stage, { status: 'failed', reason: (error as Error).message });
    return;
  }
  const context = options.context(stage, log);
  const outcome = await executeSafely(options.executorFor(context.config.kind), context);
  await log.close();
  if (log.failure && outcome.ok) Object.assign(outcome, { ok: false, reason: log.failure.message });
  if (context.config.reports.length > 0 && !outcome.cancelled) {
    try {
      outcome.tests = await readJunitReports(context.config.reports, context.workspace);
    } catch (error) {
      if (outcome.ok) Object.assign(outcome, { ok: false, reason: (error as Error).message });
    }
  }
  const status = outcome.cancelled || (options.signal.aborted && !outcome.ok) ? 'cancelled' : outcome.ok ? 'succeeded' : 'failed';
  settle(options, stage, {
    status,
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    ...(outcome.tests ? { tests: outcome.tests } : {}),
  });
}

async function executeSafely(executor: StageExecutor | undefined, context: StageContext): Promise<StageOutcome> {
  if (!executor) return { ok: false, reason: `no executor for stage kind "${context.config.kind}"` };
  try {
    return await executor.execute(context);
  } catch (error) {
    // Executors report expected failures as outcomes; anything thrown still ends only this stage.
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

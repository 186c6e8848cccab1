import type { StageConfig } from '../config/schema';
import type { DeployAction } from './deployTypes';
import type { StageLog } from './stageLog';
import type { PipelineRun, StageRun, TestSummary } from './runTypes';

/** Everything one stage needs to run. */
export interface StageContext {
  /** Workspace root (folder of devops.yaml); absolute. */
  workspace: string;
  run: Readonly<PipelineRun>;
  stage: Readonly<StageRun>;
  config: StageConfig;
  /** Where its output goes; the executor writes, the engine closes. */
  log: StageLog;
  /** Environments the caller confirmed (protected deploys). */
  confirmedEnvironments: ReadonlySet<string>;
  /** A deploy-only run that rolls back or promotes instead of shipping the workspace's version. */
  deployAction?: DeployAction;
  /** Live output for a terminal, besides the log. */
  onOutput: (chunk: Buffer) => void;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
}

/** How a stage ended. */
export interface StageOutcome {
  ok: boolean;
  /** The command's exit code, when one ran. */
  exitCode?: number | null;
  /** Why it failed, or a note on success. */
  reason?: string;
  cancelled?: boolean;
  tests?: TestSummary;
}

/** Runs one kind of stage (run, release, deploy). */
export interface StageExecutor {
  execute(context: StageContext): Promise<StageOutcome>;
}

import type * as vscode from 'vscode';
import type { EnvironmentState } from '../../core/pipeline/environmentsModel';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import type { StatusReport } from '../statusBar/worstOf';

/** The pipeline as the integration tests see it (part of DevopsTestApi). */
export interface PipelineTestProbe {
  /** Builds the local runner if needed and reads history and the deploy audit. */
  load(): Promise<void>;
  /** The run in progress. */
  readonly current: Readonly<PipelineRun> | undefined;
  /** Saved runs, newest first. */
  readonly history: readonly PipelineRun[];
  /** One environment's deployed version, running deploy and history. */
  environment(name: string): EnvironmentState | undefined;
  /** What the pipeline tells the status bar. */
  readonly statusReport: StatusReport;
  /** The tasks of type devops, as Run Task lists them. */
  tasks(): Promise<vscode.Task[]>;
}

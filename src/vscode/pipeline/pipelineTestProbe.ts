import type * as vscode from 'vscode';
import type { EnvironmentState } from '../../core/pipeline/environmentsModel';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import type { StatusReport } from '../statusBar/worstOf';
import type { PipelinePrompt, PromptAnswerer } from './pipelinePrompts';

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
  /** Every modal the pipeline asked (or would have asked), oldest first. */
  readonly prompts: readonly PipelinePrompt[];
  /** Answers the modals instead of the user; undefined shows the real modals again. */
  answerPrompts(answerer: PromptAnswerer | undefined): void;
  /** Refusals (untrusted, forbidden, conflict, …) since activation, oldest first. */
  readonly refusals: readonly { reason: string; message: string }[];
  /** Run-finished notifications shown. */
  readonly notifications: number;
  /** Failed tests in the Problems panel (the devops-tests collection). */
  readonly testProblems: number;
  /** What the pipeline tells the status bar. */
  readonly statusReport: StatusReport;
  /** The tasks of type devops, as Run Task lists them. */
  tasks(): Promise<vscode.Task[]>;
}

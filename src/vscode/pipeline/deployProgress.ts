import * as vscode from 'vscode';
import type { PipelineController } from '../../core/pipeline/pipelineController';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import type { PipelineSession } from './pipelineSession';

/**
 * A deploy, rollback or promotion of an engine target in a progress notification until the
 * rollout ends: its message is the newest line of the stage's output (tasks converging),
 * Cancel stops following (the engine goes on; the run ends cancelled).
 */
export function withDeployProgress(session: PipelineSession, controller: PipelineController, title: string, work: () => Promise<PipelineRun | undefined>): Thenable<PipelineRun | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const output = session.onDidOutput(({ chunk }) => {
      const line = chunk.toString('utf8').trimEnd().split('\n').at(-1)?.trim();
      if (line) progress.report({ message: line.slice(0, 200) });
    });
    const cancel = token.onCancellationRequested(() => controller.cancel());
    try {
      return await work();
    } finally {
      output.dispose();
      cancel.dispose();
    }
  });
}

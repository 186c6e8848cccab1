import * as vscode from 'vscode';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { PipelineSession } from './pipelineSession';
import { formatDuration } from '../../core/pipeline/runText';

/**
 * Tells the user when a run ends: a failure always (with Open Log and Rerun Failed), a
 * success only with `devops.pipeline.notifyOnSuccess`.
 */
export class PipelineNotifier extends DisposableOwner {
  constructor(
    session: PipelineSession,
    private readonly settings: Settings,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(session.onDidFinishRun((run) => this.notify(run)));
  }

  private notify(run: PipelineRun): void {
    const duration = run.endedAt ? ` in ${formatDuration(run.endedAt - run.startedAt)}` : '';
    const subject = { runId: run.id, status: run.status };
    if (run.status === 'failed') {
      const failed = run.stages.find((s) => s.status === 'failed');
      const text = `Pipeline failed${failed ? ` at ${failed.name}: ${failed.reason ?? 'failed'}` : ''}${duration}.`;
      void this.prompts.notify({ topic: 'pipeline.finished', level: 'error', text, buttons: ['Open Log', 'Rerun Failed'], subject }).then((choice) => {
        if (choice === 'Open Log' && failed) void vscode.commands.executeCommand(CommandId.pipelineOpenLog, failed.logFile);
        if (choice === 'Rerun Failed') void vscode.commands.executeCommand(CommandId.pipelineRerunFailed);
      });
    } else if (run.status === 'succeeded' && this.settings.get('pipeline.notifyOnSuccess')) {
      void this.prompts.notify({ topic: 'pipeline.finished', level: 'info', text: `Pipeline succeeded${duration}: ${run.stages.map((s) => s.name).join(', ')}.`, subject });
    }
  }
}

import * as vscode from 'vscode';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import { CommandId, ViewId } from '../commands/commandTable';
import { DisposablePart } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { StatusSource } from '../statusBar/statusBarItem';
import type { StatusReport } from '../statusBar/worstOf';
import { formatDuration } from './runText';
import type { PipelineSession } from './pipelineSession';

/** What the status bar says about the pipeline: the running stages, else the last run's result. */
export function pipelineReport(current: PipelineRun | undefined, last: PipelineRun | undefined): StatusReport {
  const base = { source: 'pipeline', order: 2, command: `${ViewId.pipeline}.focus` };
  if (current) {
    const running = current.stages.filter((s) => s.status === 'running').map((s) => s.name);
    return { ...base, level: 'info', text: `running ${running.join(', ') || '…'}`, tooltip: `Pipeline run ${current.id}: running ${running.join(', ') || '(starting)'}` };
  }
  if (!last) return { ...base, level: 'idle', text: '', tooltip: '' };
  const failed = last.stages.filter((s) => s.status === 'failed').map((s) => s.name);
  const when = last.endedAt ? new Date(last.endedAt).toLocaleString() : '';
  const tooltip = `Last pipeline run ${last.id}: ${last.status}${failed.length ? ` (${failed.join(', ')})` : ''}${when ? `, ${when}` : ''}`;
  if (last.status === 'succeeded') return { ...base, level: 'ok', text: 'pipeline passed', tooltip };
  if (last.status === 'cancelled') return { ...base, level: 'warning', text: 'pipeline cancelled', tooltip };
  return { ...base, level: 'error', text: `pipeline failed${failed[0] ? `: ${failed[0]}` : ''}`, tooltip };
}

/** Feeds the worst-of status bar item and tells the user when a run ends. */
export class PipelineStatus extends DisposablePart implements StatusSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: PipelineSession,
    private readonly settings: Settings,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(session.onDidChange(() => this.changed.fire()));
    this.register(session.onDidFinishRun((run) => this.notify(run)));
  }

  report(): StatusReport {
    const pipeline = this.session.current;
    return pipelineReport(pipeline?.engine.current, pipeline?.history.list[0]);
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

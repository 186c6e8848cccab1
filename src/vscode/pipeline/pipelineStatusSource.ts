import * as vscode from 'vscode';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import { ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { StatusSource, WorstOfStatusBar } from '../statusBar/statusBarItem';
import type { StatusReport } from '../../core/status/worstOf';
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

/** The pipeline as a source of the worst-of status bar item. */
export class PipelineStatusSource extends DisposableOwner implements StatusSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: PipelineSession,
    statusBar: WorstOfStatusBar,
  ) {
    super();
    this.register(session.onDidChange(() => this.changed.fire()));
    this.register(statusBar.addSource(this));
  }

  report(): StatusReport {
    const pipeline = this.session.current;
    return pipelineReport(pipeline?.engine.current, pipeline?.history.list[0]);
  }
}

import * as vscode from 'vscode';
import type { HealthState } from '../../core/services/healthTypes';
import type { ServicesSummary } from '../../core/services/serviceSummary';
import { ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { StatusSource, WorstOfStatusBar } from '../statusBar/statusBarItem';
import type { StatusLevel, StatusReport } from '../../core/status/worstOf';
import type { ServicesSession } from './servicesSession';

const levelOf: Record<HealthState, StatusLevel> = { up: 'ok', unknown: 'info', degraded: 'warning', down: 'error' };

/** Services as one source of the worst-of status bar item; "3/3 up" or "api down". */
export function servicesReport(summary: ServicesSummary): StatusReport {
  if (summary.total === 0) return { source: 'services', level: 'idle', text: '', tooltip: '', order: 1 };
  const lines = [`Services: ${summary.text}`];
  for (const state of ['down', 'degraded', 'unknown'] as const) {
    if (summary.byState[state].length > 0) lines.push(`${state}: ${summary.byState[state].join(', ')}`);
  }
  return { source: 'services', level: levelOf[summary.state], text: summary.text, tooltip: lines.join('\n'), command: `${ViewId.services}.focus`, order: 1 };
}

/**
 * Feeds the status bar from the services summary, and keeps probes running while the item
 * is shown: the status bar is one of the lookers the scheduler counts.
 */
export class ServicesStatusSource extends DisposableOwner implements StatusSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private watching: { dispose(): void } | undefined;

  constructor(
    private readonly services: ServicesSession,
    statusBar: WorstOfStatusBar,
  ) {
    super();
    this.register(services.model.onDidChangeSummary(() => this.changed.fire()));
    this.register(services.model.onDidChangeServices(() => this.changed.fire()));
    this.register(statusBar.addSource(this));
    this.register(statusBar.onDidChangeShown(() => this.follow(statusBar)));
    this.follow(statusBar);
    this.register(new vscode.Disposable(() => this.watching?.dispose()));
  }

  report(): StatusReport {
    return servicesReport(this.services.model.summary());
  }

  private follow(statusBar: WorstOfStatusBar): void {
    // Watch while this source is what makes the item appear, i.e. it has probed services.
    const shown = statusBar.isShown && this.report().level !== 'idle';
    if (shown && !this.watching) this.watching = this.services.model.watch();
    else if (!shown && this.watching) {
      this.watching.dispose();
      this.watching = undefined;
    }
  }
}

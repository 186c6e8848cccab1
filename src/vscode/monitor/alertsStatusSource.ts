import * as vscode from 'vscode';
import { ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { StatusSource, WorstOfStatusBar } from '../statusBar/statusBarItem';
import type { StatusReport } from '../../core/status/worstOf';
import type { MetricsSession } from './metricsSession';

/** Firing alerts as a source of the worst-of status bar item. */
export class AlertsStatusSource extends DisposableOwner implements StatusSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private lastKey = '';

  constructor(
    private readonly metrics: MetricsSession,
    statusBar: WorstOfStatusBar,
  ) {
    super();
    this.register(metrics.onDidChange(() => this.maybeChanged()));
    this.register(statusBar.addSource(this));
  }

  report(): StatusReport {
    const statuses = this.metrics.alertStatuses();
    const base = { source: 'alerts', command: `${ViewId.monitor}.focus`, order: 3 };
    if (statuses.length === 0) return { ...base, level: 'idle', text: '', tooltip: '' };
    const firing = statuses.filter((s) => s.state === 'firing');
    if (firing.length === 0) return { ...base, level: 'ok', text: 'no alerts', tooltip: `Alerts: none firing (${statuses.length} rules)` };
    const level = this.metrics.worstAlertLevel() === 'critical' ? 'error' : 'warning';
    const names = firing.map((s) => s.rule);
    return { ...base, level, text: `alert ${names.join(', ')}`, tooltip: ['Alerts firing:', ...firing.map((s) => `${s.rule} (${s.severity})`)].join('\n') };
  }

  private maybeChanged(): void {
    const report = this.report();
    const key = `${report.level}|${report.text}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.changed.fire();
  }
}

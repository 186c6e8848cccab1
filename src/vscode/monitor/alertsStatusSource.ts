import * as vscode from 'vscode';
import type { AlertTransition } from '../../core/monitor/alerts';
import { ViewId } from '../commands/commandTable';
import { DisposablePart } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { StatusSource, WorstOfStatusBar } from '../statusBar/statusBarItem';
import type { StatusReport } from '../statusBar/worstOf';
import type { MonitorMetrics } from './monitorMetrics';

/** Firing alerts as a source of the worst-of status bar item, and one notification per transition. */
export class AlertsStatusSource extends DisposablePart implements StatusSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private lastKey = '';

  constructor(
    private readonly metrics: MonitorMetrics,
    statusBar: WorstOfStatusBar,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(metrics.onDidChange(() => this.maybeChanged()));
    this.register(metrics.onDidTransition((t) => this.notify(t)));
    this.register(statusBar.addSource(this));
  }

  report(): StatusReport {
    const statuses = this.metrics.alerts.statuses();
    const base = { source: 'alerts', command: `${ViewId.monitor}.focus`, order: 3 };
    if (statuses.length === 0) return { ...base, level: 'idle', text: '', tooltip: '' };
    const firing = statuses.filter((s) => s.state === 'firing');
    if (firing.length === 0) return { ...base, level: 'ok', text: 'no alerts', tooltip: `Alerts: none firing (${statuses.length} rules)` };
    const level = this.metrics.alerts.worstLevel() === 'critical' ? 'error' : 'warning';
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

  private notify(transition: AlertTransition): void {
    // Only firing and its end are news; pending and back-to-normal-before-firing are not.
    if (transition.to !== 'firing' && transition.to !== 'resolved') return;
    const level = transition.to === 'resolved' ? 'info' : transition.severity === 'critical' ? 'error' : 'warning';
    void this.prompts.notify({ topic: 'monitor.alert', level, text: `DevOps alert: ${transition.message}`, subject: { rule: transition.rule, to: transition.to } });
  }
}

import * as vscode from 'vscode';
import { CommandId, ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import type { ServicesPart } from '../services/servicesPart';
import { AlertsNotifier } from './alertsNotifier';
import { AlertsStatusSource } from './alertsStatusSource';
import { LogsSession } from './logsSession';
import { MetricsSession } from './metricsSession';
import { MonitorSnapshots } from './monitorSnapshots';
import { MonitorView } from './monitorView';

/** The Monitor: charts, alerts and merged logs of devops.yaml in a panel, alerts in the status bar and notices. */
export class MonitorPart extends DisposableOwner {
  readonly logs: LogsSession;
  readonly metrics: MetricsSession;
  readonly snapshots: MonitorSnapshots;
  readonly view: MonitorView;

  constructor(foundation: Foundation, services: ServicesPart) {
    super();
    const { configStore, trust, log, prompts, commands } = foundation;
    this.logs = this.register(new LogsSession(configStore, trust, foundation.processRunner, foundation.approvals, log));
    this.metrics = this.register(new MetricsSession(configStore, foundation.scheduler, services.session, () => this.logs.baseDir(), foundation.network));
    this.snapshots = this.register(new MonitorSnapshots(configStore, trust, { metrics: this.metrics, logs: this.logs }));
    this.view = this.register(new MonitorView(foundation.context.extensionUri, this.snapshots, this.logs, this.metrics, log, prompts));
    this.register(new AlertsStatusSource(this.metrics, foundation.statusBar));
    this.register(new AlertsNotifier(this.metrics, prompts));
    this.register(commands.register(CommandId.showMonitor, () => vscode.commands.executeCommand(`${ViewId.monitor}.focus`)));
    this.register(commands.register(CommandId.monitorShowServiceLogs, (name) => (typeof name === 'string' ? this.view.showSource(name) : undefined)));
  }
}

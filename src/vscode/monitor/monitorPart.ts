import * as vscode from 'vscode';
import { CommandId, ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { EnginesPart } from '../engines/enginesPart';
import { workloadOfRow } from '../engines/workloadRows';
import type { Foundation } from '../foundation';
import type { ServicesPart } from '../services/servicesPart';
import { AlertsNotifier } from './alertsNotifier';
import { AlertsStatusSource } from './alertsStatusSource';
import { EngineLogs } from './engineLogs';
import { LogsSession } from './logsSession';
import { MetricsSession } from './metricsSession';
import { MonitorSnapshots } from './monitorSnapshots';
import { MonitorView } from './monitorView';

/** The Monitor: charts, alerts and merged logs of devops.yaml (and of engine workloads) in a panel, alerts in the status bar and notices. */
export class MonitorPart extends DisposableOwner {
  readonly logs: LogsSession;
  readonly engineLogs: EngineLogs;
  readonly metrics: MetricsSession;
  readonly snapshots: MonitorSnapshots;
  readonly view: MonitorView;

  constructor(foundation: Foundation, services: ServicesPart, engines: EnginesPart) {
    super();
    const { configStore, trust, log, prompts, commands } = foundation;
    this.logs = this.register(new LogsSession(configStore, trust, foundation.processRunner, foundation.approvals, log));
    this.engineLogs = this.register(new EngineLogs(this.logs.model));
    this.register(engines.session.onDidChange(() => this.engineLogs.retain(engines.session.state.engines.map((e) => e.backend))));
    this.metrics = this.register(new MetricsSession(configStore, foundation.scheduler, services.session, () => this.logs.baseDir(), foundation.network, engines.session));
    this.snapshots = this.register(new MonitorSnapshots(configStore, trust, { metrics: this.metrics, logs: this.logs, engineLogs: this.engineLogs }));
    this.view = this.register(new MonitorView(foundation.context.extensionUri, this.snapshots, this.logs, this.metrics, log, prompts));
    this.register(new AlertsStatusSource(this.metrics, foundation.statusBar));
    this.register(new AlertsNotifier(this.metrics, prompts));
    this.register(commands.register(CommandId.showMonitor, () => vscode.commands.executeCommand(`${ViewId.monitor}.focus`)));
    this.register(commands.register(CommandId.monitorShowServiceLogs, (arg) => (typeof arg === 'string' ? this.view.showSource(arg) : this.showWorkloadLogs(engines, arg))));
  }

  /** A live workload's logs, started on first use, shown alone in the panel. */
  private async showWorkloadLogs(engines: EnginesPart, arg: unknown): Promise<void> {
    const data = workloadOfRow({ data: arg });
    const backend = data && engines.session.backend(data.engineId);
    const workload = data && engines.session.workload(data.engineId, data.workloadId);
    if (!backend || !workload) return;
    const bound = engines.session.services().all.find((s) => s.declared && s.workload?.id === workload.id);
    await this.view.showSource(this.engineLogs.follow(backend, workload, bound?.name ?? workload.name));
  }
}

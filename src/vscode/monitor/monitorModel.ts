import * as vscode from 'vscode';
import type { DevopsConfig } from '../../core/config/schema';
import type { AlertRuleSpec, LogSourceSpec, MonitorSnapshot } from '../../protocol/monitorProtocol';
import type { ConfigStore } from '../config/configStore';
import { DisposablePart } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/** The model of the Monitor panel: builds whole snapshots from devops.yaml (live data comes with issue 7). */
export class MonitorModel extends DisposablePart {
  private readonly changed = this.register(new vscode.EventEmitter<MonitorSnapshot>());
  readonly onDidChange = this.changed.event;
  private revision = 0;
  private current: MonitorSnapshot;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly trust: WorkspaceTrustGate,
  ) {
    super();
    this.current = this.build();
    this.register(configStore.onDidChange(() => this.update()));
    this.register(trust.onDidChange(() => this.update()));
  }

  get snapshot(): MonitorSnapshot {
    return this.current;
  }

  private update(): void {
    this.current = this.build();
    this.changed.fire(this.current);
  }

  private build(): MonitorSnapshot {
    const { state, config } = this.configStore.snapshot;
    return { revision: ++this.revision, configState: state, trusted: this.trust.isTrusted, ...monitorContent(config) };
  }
}

/** What devops.yaml declares for the panel: charts, log sources (its own and the services'), alert rules. */
export function monitorContent(config: DevopsConfig | undefined): Pick<MonitorSnapshot, 'charts' | 'logSources' | 'alerts'> {
  const monitor = config?.monitor;
  const charts = (monitor?.charts ?? []).map((chart, index) => ({
    id: `chart/${index}`,
    title: chart.title,
    kind: chart.query ? ('query' as const) : ('metric' as const),
    source: chart.query ?? chart.metric ?? '',
    unit: chart.unit,
  }));
  const logSources: LogSourceSpec[] = [];
  (monitor?.logs ?? []).forEach((log, index) => {
    const source = logSource(`log/${index}`, log.name, log);
    if (source) logSources.push(source);
  });
  for (const [service, serviceConfig] of Object.entries(config?.services ?? {})) {
    serviceConfig.logs.forEach((log, index) => {
      const source = logSource(`service/${service}/${index}`, serviceConfig.logs.length > 1 ? `${service} ${index + 1}` : service, log, service);
      if (source) logSources.push(source);
    });
  }
  const alerts: AlertRuleSpec[] = (monitor?.alerts ?? []).map((alert) => ({
    name: alert.name,
    target: alert.service ? `service ${alert.service} not up` : (alert.query ?? alert.metric ?? ''),
    warning: alert.warning,
    critical: alert.critical,
    for: alert.for,
    state: 'unknown',
  }));
  return { charts, logSources, alerts };
}

function logSource(id: string, name: string | undefined, log: { file?: string; command?: string }, service?: string): LogSourceSpec | undefined {
  const kind = log.file !== undefined ? 'file' : log.command !== undefined ? 'command' : undefined;
  if (!kind) return undefined;
  const target = log.file ?? log.command ?? '';
  return { id, name: name ?? target, kind, target, service };
}

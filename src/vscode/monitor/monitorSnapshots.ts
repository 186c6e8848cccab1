import * as vscode from 'vscode';
import { chartId } from '../../backends/metrics/monitorJobs';
import type { DevopsConfig } from '../../core/config/schema';
import { logSourceName } from '../../core/monitor/logSourceNames';
import type { AlertRuleSpec, ChartLine, ChartSpec, LogSourceSpec, MonitorSnapshot } from '../../protocol/monitorProtocol';
import type { ConfigStore } from '../config/configStore';
import { DisposableOwner } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { EngineLogs } from './engineLogs';
import { ENGINE_CHART_SOURCES, KUBE_CHART_SOURCES } from './engineStats';
import type { LogsSession } from './logsSession';
import type { MetricsSession } from './metricsSession';
import { setSafeTimeout } from '../../core/safeTimers';

/** Live parts whose state goes into snapshots. */
export interface MonitorLiveParts {
  /** Charts and alerts. */
  metrics: MetricsSession;
  /** Followed log sources. */
  logs: LogsSession;
  /** Followed engine workloads. */
  engineLogs: EngineLogs;
}

// Live data changes every few seconds per chart; one snapshot per interval is plenty.
const SNAPSHOT_INTERVAL_MS = 500;

/** What the Monitor panel shows, as whole snapshots: what devops.yaml declares plus live data. */
export class MonitorSnapshots extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<MonitorSnapshot>());
  readonly onDidChange = this.changed.event;
  private revision = 0;
  private current: MonitorSnapshot;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly trust: WorkspaceTrustGate,
    private readonly live: MonitorLiveParts,
  ) {
    super();
    this.current = this.build();
    this.register(configStore.onDidChange(() => this.update()));
    this.register(trust.onDidChange(() => this.update()));
    this.register(live.metrics.onDidChange(() => this.scheduleUpdate()));
    this.register(live.logs.model.onDidChangeSourceStatus(() => this.scheduleUpdate()));
    this.register(live.engineLogs.onDidChange(() => this.scheduleUpdate()));
    this.register(new vscode.Disposable(() => clearTimeout(this.timer)));
  }

  get snapshot(): MonitorSnapshot {
    return this.current;
  }

  private scheduleUpdate(): void {
    this.timer ??= setSafeTimeout(() => {
      this.timer = undefined;
      this.update();
    }, SNAPSHOT_INTERVAL_MS);
  }

  private update(): void {
    this.current = this.build();
    this.changed.fire(this.current);
  }

  private build(): MonitorSnapshot {
    const { state, config } = this.configStore.snapshot;
    const content = monitorContent(config);
    content.logSources.push(...this.live.engineLogs.specs());
    // Per-container charts from Docker's stats and per-workload charts from the Kubernetes metrics API, next to the host charts.
    const engineStats = this.live.metrics.engineStatsState;
    if (config?.engines?.docker) {
      content.charts.push({ id: 'engine/cpu', title: 'Containers: CPU', kind: 'metric', source: ENGINE_CHART_SOURCES.cpu, unit: '%' }, { id: 'engine/memory', title: 'Containers: memory', kind: 'metric', source: ENGINE_CHART_SOURCES.memory, unit: 'MB' });
    }
    if (config?.engines?.kubernetes && engineStats.kubernetesMetrics) {
      content.charts.push({ id: 'kubernetes/cpu', title: 'Kubernetes workloads: CPU', kind: 'metric', source: KUBE_CHART_SOURCES.cpu, unit: '%' }, { id: 'kubernetes/memory', title: 'Kubernetes workloads: memory', kind: 'metric', source: KUBE_CHART_SOURCES.memory, unit: 'MB' });
    }
    decorate(content, this.live);
    return { revision: ++this.revision, configState: state, trusted: this.trust.isTrusted, ...content, ...(engineStats.notes.length > 0 ? { notes: engineStats.notes } : {}) };
  }
}

function decorate(content: Pick<MonitorSnapshot, 'charts' | 'logSources' | 'alerts'>, live: MonitorLiveParts): void {
  const { metrics: model, view } = live.metrics;
  const from = Date.now() - view.rangeMs;
  for (const chart of content.charts) {
    const ids = chartSeriesIds(chart, model.ids());
    const lines: ChartLine[] = [];
    let error: string | undefined;
    for (const id of ids) {
      const data = model.get(id, from);
      if (!data) continue;
      error ??= data.error;
      for (const line of data.lines) {
        const prefix = ['latency.', `${ENGINE_CHART_SOURCES.cpu}.`, `${ENGINE_CHART_SOURCES.memory}.`, `${KUBE_CHART_SOURCES.cpu}.`, `${KUBE_CHART_SOURCES.memory}.`].find((p) => id.startsWith(p));
        const label = prefix ? id.slice(prefix.length) : line.label;
        lines.push({ label, ...thin(line.series.timestamps, line.series.values, view.widthPx) });
      }
    }
    if (lines.length > 0) chart.lines = lines;
    if (error) chart.error = error;
  }
  const statuses = new Map(live.metrics.alerts.statuses().map((s) => [s.rule, s]));
  for (const alert of content.alerts) {
    const status = statuses.get(alert.name);
    if (!status) continue;
    alert.state = status.state;
    alert.severity = status.severity;
    alert.since = status.since;
    if (status.value !== null) alert.value = typeof status.value === 'number' ? String(Math.round(status.value * 100) / 100) : status.value;
  }
  // Live workloads' alerts have no rule in devops.yaml: listed while they are news.
  for (const status of live.metrics.engineAlerts.statuses()) {
    if (status.state === 'inactive') continue;
    content.alerts.push({ name: status.rule, target: 'a live workload', for: '1m', state: status.state, severity: status.severity, since: status.since });
  }
  const sourceStatus = new Map(live.logs.model.sourceStatuses().map((s) => [s.source, s.status]));
  for (const source of content.logSources) source.status = sourceStatus.get(source.name);
}

/** MetricsModel ids behind a chart: host.cpu…, latency.<service> for each probed service, chart.<i>. */
function chartSeriesIds(chart: ChartSpec, known: string[]): string[] {
  if (chart.kind === 'query') return [chart.id];
  if (chart.source === 'latency') return known.filter((id) => id.startsWith('latency.')).sort();
  if ([ENGINE_CHART_SOURCES.cpu, ENGINE_CHART_SOURCES.memory, KUBE_CHART_SOURCES.cpu, KUBE_CHART_SOURCES.memory].some((source) => source === chart.source)) return known.filter((id) => id.startsWith(`${chart.source}.`)).sort();
  return [`host.${chart.source}`];
}

// More points than pixels draw nothing more; every k-th point keeps the message small.
function thin(timestamps: number[], values: (number | null)[], widthPx: number): { timestamps: number[]; values: (number | null)[] } {
  const step = Math.ceil(timestamps.length / Math.max(2, widthPx));
  if (step <= 1) return { timestamps, values };
  return { timestamps: timestamps.filter((_, i) => i % step === 0), values: values.filter((_, i) => i % step === 0) };
}

/** What devops.yaml declares for the panel: charts, log sources (its own and the services'), alert rules. */
export function monitorContent(config: DevopsConfig | undefined): Pick<MonitorSnapshot, 'charts' | 'logSources' | 'alerts'> {
  const monitor = config?.monitor;
  const charts: ChartSpec[] = (monitor?.charts ?? []).map((chart, index) => ({
    id: chartId(index),
    title: chart.title,
    kind: chart.query ? ('query' as const) : ('metric' as const),
    source: chart.query ?? chart.metric ?? '',
    unit: chart.unit,
  }));
  const logSources: LogSourceSpec[] = [];
  // Named by the same rule as the sources themselves (backends/logs/configuredLogSources), so a line's source finds its row.
  for (const [service, serviceConfig] of Object.entries(config?.services ?? {})) {
    serviceConfig.logs.forEach((log, index) => {
      const source = logSource(logSourceName(service, log, index, serviceConfig.logs.length), log, service);
      if (source) logSources.push(source);
    });
  }
  (monitor?.logs ?? []).forEach((log, index) => {
    const source = logSource(log.name ?? logSourceName('log', log, index, Number.POSITIVE_INFINITY), log);
    if (source) logSources.push(source);
  });
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

function logSource(name: string, log: { file?: string; command?: string }, service?: string): LogSourceSpec | undefined {
  const kind = log.file !== undefined ? 'file' : log.command !== undefined ? 'command' : undefined;
  if (!kind) return undefined;
  return { id: name, name, kind, target: log.file ?? log.command ?? '', service };
}

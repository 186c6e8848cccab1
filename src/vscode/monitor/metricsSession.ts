import * as vscode from 'vscode';
import { HostMetricsSampler } from '../../backends/metrics/hostMetrics';
import { MONITOR_TOPICS, monitorJobs } from '../../backends/metrics/monitorJobs';
import { PrometheusClient } from '../../backends/metrics/prometheusClient';
import { AlertEvaluator, alertRulesFromConfig, worstAlertLevel, type AlertLevel, type AlertStatus, type AlertTransition } from '../../core/monitor/alerts';
import { autoscalerAtMax, EngineAlerts, replicasUnavailable } from '../../core/monitor/engineAlerts';
import { MetricsModel } from '../../core/monitor/metricsModel';
import type { NetworkGate } from '../../core/ports';
import type { Disposable } from '../../core/refresh/eventEmitter';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { ConfigStore } from '../config/configStore';
import { DisposableOwner } from '../disposableStore';
import type { EnginesSession } from '../engines/enginesSession';
import type { ServicesSession } from '../services/servicesSession';
import { EngineStats } from './engineStats';

/** What the panel draws: the picked range and the chart width in pixels. */
export interface ChartView {
  /** Range shown, in ms. */
  rangeMs: number;
  /** Width of one chart in pixels. */
  widthPx: number;
}

/**
 * Charts and alerts on the one scheduler. Host and Prometheus chart jobs run only while the
 * panel is visible; alert rules keep their inputs (host sampling, alert queries, service
 * probes) running while any rule exists, so the status bar stays true with the panel closed.
 */
export class MetricsSession extends DisposableOwner {
  private generation: Disposable[] = [];
  private panelInterest: Disposable[] = [];
  private metricsModel = new MetricsModel();
  private evaluator = new AlertEvaluator([]);
  private workloadAlerts = new EngineAlerts([], {});
  private lastLatencyAt = new Map<string, number>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Chart data or alert states changed. */
  readonly onDidChange = this.changed.event;
  private readonly transitioned = this.register(new vscode.EventEmitter<AlertTransition>());
  /** An alert rule changed state. */
  readonly onDidTransition = this.transitioned.event;
  /** The range and width the page last reported. */
  view: ChartView = { rangeMs: 30 * 60_000, widthPx: 600 };
  private visible = false;
  private readonly engineStats: EngineStats;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly scheduler: RefreshScheduler,
    private readonly services: ServicesSession,
    private readonly baseDir: () => string,
    /** Every Prometheus query passes it (Restricted Mode, connection count). */
    private readonly network: NetworkGate,
    /** Live workloads raise replicas-unavailable and autoscaler-at-max without a rule. */
    private readonly engines: EnginesSession,
  ) {
    super();
    this.register(configStore.onDidChange(() => this.apply()));
    this.engineStats = this.register(new EngineStats(engines, () => this.metricsModel, () => this.changed.fire()));
    this.register(configStore.onDidChange(() => this.engineStats.reset()));
    this.register(engines.onDidChange(() => (this.observeEngines(), this.engineStats.update())));
    this.register(services.model.onDidChangeService((name) => this.serviceChanged(name)));
    this.register(new vscode.Disposable(() => this.teardown()));
    this.apply();
  }

  get metrics(): MetricsModel {
    return this.metricsModel;
  }

  get alerts(): AlertEvaluator {
    return this.evaluator;
  }

  /** The declared rules' statuses, then the live workloads' alerts. */
  alertStatuses(): AlertStatus[] {
    return [...this.evaluator.statuses(), ...this.workloadAlerts.statuses()];
  }

  /** The worst firing alert of either kind. */
  worstAlertLevel(): AlertLevel {
    return worstAlertLevel(this.alertStatuses());
  }

  /** The rules' statuses of the live workloads' alerts. */
  get engineAlerts(): EngineAlerts {
    return this.workloadAlerts;
  }

  /** Per-container and per-workload CPU and memory of the engines, and what they lack. */
  get engineStatsState(): { kubernetesMetrics: boolean; notes: string[] } {
    return { kubernetesMetrics: this.engineStats.kubernetesMetrics, notes: this.engineStats.notes };
  }

  /** The panel is shown or hidden: chart jobs follow it. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.engineStats.setVisible(visible);
    for (const d of this.panelInterest) d.dispose();
    this.panelInterest = visible
      ? [this.scheduler.addInterest(MONITOR_TOPICS.host), this.scheduler.addInterest(MONITOR_TOPICS.charts), this.services.model.watch()]
      : [];
  }

  setView(view: ChartView): void {
    const changedRange = view.rangeMs !== this.view.rangeMs;
    this.view = view;
    if (!changedRange) return;
    for (const status of this.scheduler.statuses()) if (status.id.startsWith('monitor/chart.')) this.scheduler.refreshNow(status.id);
    this.changed.fire();
  }

  private apply(): void {
    this.teardown();
    const config = this.configStore.snapshot.config;
    const monitor = config?.monitor;
    this.metricsModel = new MetricsModel();
    this.evaluator = new AlertEvaluator(alertRulesFromConfig(monitor?.alerts ?? []));
    this.lastLatencyAt.clear();
    const own = <T extends Disposable>(d: T): T => (this.generation.push(d), d);
    own(this.metricsModel);
    own(this.evaluator);
    own(this.metricsModel.onDidChange(() => this.changed.fire()));
    own(this.evaluator.onDidTransition((t) => (this.transitioned.fire(t), this.changed.fire())));
    this.workloadAlerts = own(new EngineAlerts([replicasUnavailable, autoscalerAtMax], {}));
    own(this.workloadAlerts.onDidTransition((t) => (this.transitioned.fire(t), this.changed.fire())));
    const prometheus = monitor?.prometheus ? new PrometheusClient({ url: monitor.prometheus.url, network: this.network }) : undefined;
    const jobs = monitorJobs({
      metrics: this.metricsModel,
      alerts: this.evaluator,
      sampler: new HostMetricsSampler(this.baseDir()),
      prometheus,
      config: { charts: monitor?.charts ?? [], alerts: monitor?.alerts ?? [] },
      view: () => this.view,
    });
    const { evaluator, workloadAlerts } = this;
    const tick = (time: number): void => (evaluator.tick(time), workloadAlerts.tick(time));
    jobs.push({ id: 'monitor/alert-tick', topic: MONITOR_TOPICS.alerts, idleIntervalMs: 5000, timeoutMs: 1000, run: () => Promise.resolve(tick(Date.now())) });
    for (const job of jobs) own(this.scheduler.register(job));
    const rules = monitor?.alerts ?? [];
    if (rules.length > 0 || config?.engines) own(this.scheduler.addInterest(MONITOR_TOPICS.alerts));
    if (rules.some((r) => r.metric)) own(this.scheduler.addInterest(MONITOR_TOPICS.host));
    if (rules.some((r) => r.service)) own(this.services.model.watch());
    for (const service of Object.keys(config?.services ?? {})) this.serviceChanged(service);
    this.observeEngines();
    this.changed.fire();
  }

  private observeEngines(): void {
    const snapshots = this.engines.snapshots();
    const now = Date.now();
    this.workloadAlerts.observe(snapshots, now);
    this.evaluator.observeWorkloads(snapshots.filter((s) => !s.stale).flatMap((s) => s.workloads), now);
  }

  private serviceChanged(name: string): void {
    const service = this.services.model.service(name);
    const result = service?.lastResult;
    if (!service || !result) return;
    if (this.lastLatencyAt.get(name) === result.at) return;
    this.lastLatencyAt.set(name, result.at);
    if (result.latencyMs !== undefined) this.metricsModel.record(`latency.${name}`, result.at, result.latencyMs);
    this.evaluator.observeService(name, service.state, result.at);
  }

  private teardown(): void {
    for (const d of this.generation.reverse()) d.dispose();
    this.generation = [];
  }

  override dispose(): void {
    for (const d of this.panelInterest) d.dispose();
    this.panelInterest = [];
    super.dispose();
  }
}

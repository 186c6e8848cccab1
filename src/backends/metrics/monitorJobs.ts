// The Monitor's periodic work as refresh-scheduler jobs: host sampling, Prometheus charts
// and alert queries feed the MetricsModel and the AlertEvaluator. The scheduler owns the
// timers; jobs run only while their topic has interest (panel visible, alert rules set).
import type { MonitorConfig } from '../../core/config/schema';
import type { AlertEvaluator } from '../../core/monitor/alerts';
import type { MetricsModel } from '../../core/monitor/metricsModel';
import { planRange } from '../../core/monitor/series';
import type { RefreshJobSpec } from '../../core/refresh/refreshJob';
import type { HostMetricsSampler } from './hostMetrics';
import type { PrometheusClient } from './prometheusClient';

/** Interest topics: add interest while the data is looked at or alert rules need it. */
export const MONITOR_TOPICS = {
  /** Host CPU/memory/disk: the panel, or alert rules on metrics. */
  host: 'monitor.host',
  /** Prometheus range charts: the panel only. */
  charts: 'monitor.charts',
  /** Prometheus alert queries: the status bar. */
  alerts: 'monitor.alerts',
} as const;

export interface MonitorJobsOptions {
  /** Where chart data goes. */
  metrics: MetricsModel;
  /** Where observed values go for alert rules. */
  alerts: AlertEvaluator;
  /** Samples the host; omit to leave host charts out. */
  sampler?: HostMetricsSampler;
  /** Omit when devops.yaml configures no Prometheus. */
  prometheus?: PrometheusClient;
  /** monitor.charts and monitor.alerts of devops.yaml. */
  config: Pick<MonitorConfig, 'charts' | 'alerts'>;
  /** What the panel shows now: the picked range and the chart width in pixels. */
  view: () => { rangeMs: number; widthPx: number };
  /** Wall clock. */
  now?: () => number;
}

/** Chart id of the i-th entry of monitor.charts, as MetricsModel stores it. */
export function chartId(index: number): string {
  return `chart.${index}`;
}

export function monitorJobs(options: MonitorJobsOptions): RefreshJobSpec[] {
  const now = options.now ?? Date.now;
  const jobs: RefreshJobSpec[] = [];
  const { metrics, alerts, sampler, prometheus, config } = options;
  if (sampler) {
    jobs.push({
      id: 'monitor/host',
      topic: MONITOR_TOPICS.host,
      idleIntervalMs: 5000,
      timeoutMs: 4000,
      async run() {
        const sample = await sampler.sample();
        const values = { cpu: sample.cpuPercent, memory: sample.memory.percent, disk: sample.disk.percent } as const;
        for (const [metric, value] of Object.entries(values) as [keyof typeof values, number | null][]) {
          metrics.record(`host.${metric}`, sample.time, value);
          alerts.observeMetric(metric, value, sample.time);
        }
      },
    });
  }
  if (!prometheus) return jobs;
  config.charts.forEach((chart, index) => {
    const query = chart.query;
    if (!query) return;
    jobs.push({
      id: `monitor/${chartId(index)}`,
      topic: MONITOR_TOPICS.charts,
      group: 'prometheus',
      idleIntervalMs: 15_000,
      timeoutMs: 10_000,
      async run({ signal }) {
        const { rangeMs, widthPx } = options.view();
        try {
          const results = await prometheus.range(query, planRange(now(), rangeMs, widthPx), signal);
          metrics.replace(chartId(index), results.map((r) => ({ label: seriesLabel(r.labels), series: r.series })), now());
        } catch (error) {
          metrics.fail(chartId(index), error instanceof Error ? error.message : String(error));
          throw error;
        }
      },
    });
  });
  const queries = [...new Set(config.alerts.flatMap((a) => (a.query ? [a.query] : [])))];
  queries.forEach((query, index) => {
    jobs.push({
      id: `monitor/alert-query.${index}`,
      topic: MONITOR_TOPICS.alerts,
      group: 'prometheus',
      idleIntervalMs: 15_000,
      timeoutMs: 10_000,
      async run({ signal }) {
        const samples = await prometheus.instant(query, { signal });
        // Several series: each rule watches the worst of them.
        alerts.observeQuery(query, samples.map((s) => s.value).filter((v): v is number => v !== null), now());
      },
    });
  });
  return jobs;
}

/** `name{a="1", b="2"}` as Prometheus prints a series. */
export function seriesLabel(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  return pairs.length > 0 ? `${name}{${pairs.join(', ')}}` : name || '{}';
}

// What `devops-loop status` can measure for alert rules in one go: host metrics (through
// Node's own APIs), the services' probe results, and Prometheus instant queries. A rule
// whose input cannot be measured gets a reason instead of a value.
import { openNetwork } from '../../backends/http/openNetwork';
import { HostMetricsSampler } from '../../backends/metrics/hostMetrics';
import { PrometheusClient } from '../../backends/metrics/prometheusClient';
import type { DevopsConfig } from '../../core/config/schema';
import type { AlertEvaluator, AlertRule } from '../../core/monitor/alerts';
import type { RoundEntry } from '../../core/services/probeRound';
import type { StatusContext } from './statusReport';
import { delay } from '../../core/safeTimers';

type HostMetric = 'cpu' | 'memory' | 'disk';

// CPU use is a difference between two readings: the first pass takes two this far apart.
const CPU_READING_GAP_MS = 500;

/** Measures the inputs of the rules and feeds them to an evaluator, one round at a time. */
export class AlertInputs {
  private readonly sampler: HostMetricsSampler;
  private readonly prometheus: PrometheusClient | undefined;
  private readonly metrics: Set<HostMetric>;
  private readonly services: Set<string>;
  private readonly queries: string[];
  private rounds = 0;
  /** Why a rule got no value in the latest round, by rule name. */
  readonly noData = new Map<string, string>();

  constructor(
    config: DevopsConfig,
    private readonly rules: readonly AlertRule[],
    private readonly context: StatusContext,
  ) {
    this.sampler = new HostMetricsSampler(context.configDir);
    const url = config.monitor?.prometheus?.url;
    this.prometheus = url ? new PrometheusClient({ url, timeoutMs: context.prometheusTimeoutMs, network: openNetwork }) : undefined;
    this.metrics = new Set(rules.flatMap((r) => (r.subject.kind === 'metric' ? [r.subject.metric] : [])));
    this.services = new Set(rules.flatMap((r) => (r.subject.kind === 'service' ? [r.subject.service] : [])));
    this.queries = [...new Set(rules.flatMap((r) => (r.subject.kind === 'query' ? [r.subject.query] : [])))];
  }

  /** Measures everything once and hands each value to the evaluator at one time stamp. */
  async measureInto(evaluator: AlertEvaluator): Promise<void> {
    const first = this.rounds++ === 0;
    const [host, probes, queries] = await Promise.all([this.host(first), this.probes(first), this.runQueries()]);
    const time = Date.now();
    this.noData.clear();
    for (const metric of this.metrics) evaluator.observeMetric(metric, host[metric], time);
    for (const service of this.services) {
      const entry = probes.find((e) => e.name === service);
      evaluator.observeService(service, entry?.result?.state ?? 'unknown', time);
    }
    for (const [query, outcome] of queries) evaluator.observeQuery(query, typeof outcome === 'string' ? null : outcome, time);
    for (const rule of this.rules) {
      const reason = this.reasonForNoData(rule, host, probes, queries);
      if (reason) this.noData.set(rule.name, reason);
    }
  }

  private async host(first: boolean): Promise<Record<HostMetric, number | null>> {
    if (this.metrics.size === 0) return { cpu: null, memory: null, disk: null };
    let sample = await this.sampler.sample();
    if (first && this.metrics.has('cpu')) {
      await delay(CPU_READING_GAP_MS);
      sample = await this.sampler.sample();
    }
    return { cpu: sample.cpuPercent, memory: sample.memory.percent, disk: sample.disk.percent };
  }

  private probes(first: boolean): Promise<RoundEntry[]> {
    if (this.services.size === 0) return Promise.resolve([]);
    return first ? this.context.probes() : this.context.probeAgain();
  }

  // Each query's values (several series: the rule takes the worst), or why there are none.
  private async runQueries(): Promise<Map<string, number[] | string>> {
    const prometheus = this.prometheus;
    const outcomes = new Map<string, number[] | string>();
    if (!prometheus) {
      for (const query of this.queries) outcomes.set(query, 'monitor.prometheus is not set in devops.yaml, so query rules cannot be measured');
      return outcomes;
    }
    await Promise.all(
      this.queries.map(async (query) => {
        try {
          const samples = await prometheus.instant(query, { signal: this.context.signal });
          const values = samples.map((s) => s.value).filter((v): v is number => v !== null);
          outcomes.set(query, values.length > 0 ? values : 'the query returned no series');
        } catch (error) {
          outcomes.set(query, error instanceof Error ? error.message : String(error));
        }
      }),
    );
    return outcomes;
  }

  private reasonForNoData(rule: AlertRule, host: Record<HostMetric, number | null>, probes: readonly RoundEntry[], queries: Map<string, number[] | string>): string | undefined {
    const subject = rule.subject;
    switch (subject.kind) {
      case 'metric':
        return host[subject.metric] === null ? `no ${subject.metric} reading` : undefined;
      case 'service': {
        const entry = probes.find((e) => e.name === subject.service);
        if (!entry) return `no service "${subject.service}" in devops.yaml`;
        return entry.result ? undefined : `service ${subject.service} has no health check`;
      }
      case 'query': {
        const outcome = queries.get(subject.query);
        return typeof outcome === 'string' ? outcome : undefined;
      }
      case 'autoscaler-at-max':
        return 'the CLI reads no engine workloads yet';
    }
  }
}

// Chart data by id ("host.cpu", "latency.api", "query.0"…) with change events. Live metrics
// roll in sample by sample; Prometheus range results replace a series whole. A failure is
// kept next to the data so a chart can say why it is stale.
import type { Disposable, Event } from '../refresh/eventEmitter';
import { EventEmitter } from '../refresh/eventEmitter';
import { RollingSeries, type Series } from './series';

/** The state of one chart's data. */
export interface ChartData {
  /** Chart series id. */
  id: string;
  /** Labelled lines of the chart; live metrics have one with label "". */
  lines: { label: string; series: Series }[];
  /** Why the latest refresh failed (one sentence), or undefined when it worked. */
  error: string | undefined;
  /** Epoch ms of the latest successful update. */
  updated: number | undefined;
}

export class MetricsModel implements Disposable {
  private readonly rolling = new Map<string, RollingSeries>();
  private readonly charts = new Map<string, ChartData>();
  private readonly changed = new EventEmitter<ChartData>();
  /** Fires with the chart's whole new data after every change. */
  readonly onDidChange: Event<ChartData> = this.changed.event;

  /** @param windowMs how much history live series keep (the longest range a picker offers). */
  constructor(private readonly windowMs = 24 * 3_600_000) {}

  /** Adds one live sample (host metric, probe latency). */
  record(id: string, time: number, value: number | null): void {
    let rolling = this.rolling.get(id);
    if (!rolling) this.rolling.set(id, (rolling = new RollingSeries(this.windowMs)));
    rolling.push(time, value);
    this.update({ id, lines: [{ label: '', series: rolling.snapshot() }], error: undefined, updated: time });
  }

  /** Replaces a chart's lines (a range query result). */
  replace(id: string, lines: { label: string; series: Series }[], time: number): void {
    this.update({ id, lines, error: undefined, updated: time });
  }

  /** Marks a chart's latest refresh as failed; its last data stays. */
  fail(id: string, message: string): void {
    const current = this.charts.get(id);
    this.update({ id, lines: current?.lines ?? [], error: message, updated: current?.updated });
  }

  /** A chart's source works again: its error goes (a source that never had data goes whole). */
  clearError(id: string): void {
    const current = this.charts.get(id);
    if (current?.error === undefined) return;
    if (current.lines.length === 0 && current.updated === undefined) {
      this.charts.delete(id);
      this.changed.fire({ ...current, error: undefined });
    } else this.update({ ...current, error: undefined });
  }

  get(id: string, fromTime?: number): ChartData | undefined {
    const rolling = this.rolling.get(id);
    const chart = this.charts.get(id);
    if (!chart || !rolling || fromTime === undefined) return chart;
    return { ...chart, lines: [{ label: '', series: rolling.snapshot(fromTime) }] };
  }

  ids(): string[] {
    return [...this.charts.keys()];
  }

  dispose(): void {
    this.changed.dispose();
  }

  private update(chart: ChartData): void {
    this.charts.set(chart.id, chart);
    this.changed.fire(chart);
  }
}

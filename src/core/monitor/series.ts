// Chart data: one shape for host metrics, probe latency and Prometheus results, ready for
// uPlot (timestamps in epoch milliseconds: set uPlot's `ms: 1`).

/** A series for one chart line; `values[i]` belongs to `timestamps[i]`, null is a gap. */
export interface Series {
  /** Epoch milliseconds, ascending. */
  timestamps: number[];
  /** Value at each timestamp; null where there is no sample. */
  values: (number | null)[];
}

/** A rolling series that keeps samples newer than its window, for live charts. */
export class RollingSeries {
  private timestamps: number[] = [];
  private values: (number | null)[] = [];

  constructor(private readonly windowMs: number) {}

  push(time: number, value: number | null): void {
    const last = this.timestamps.at(-1);
    if (last !== undefined && time < last) return; // a late sample would break the ascending order
    this.timestamps.push(time);
    this.values.push(value !== null && Number.isFinite(value) ? value : null);
    const cutoff = time - this.windowMs;
    let drop = 0;
    while (drop < this.timestamps.length && this.timestamps[drop] < cutoff) drop++;
    if (drop > 0) {
      this.timestamps.splice(0, drop);
      this.values.splice(0, drop);
    }
  }

  /** A copy of the samples at or after `fromTime` (all when absent). */
  snapshot(fromTime = Number.NEGATIVE_INFINITY): Series {
    let start = 0;
    while (start < this.timestamps.length && this.timestamps[start] < fromTime) start++;
    return { timestamps: this.timestamps.slice(start), values: this.values.slice(start) };
  }

  get latest(): number | null | undefined {
    return this.values.at(-1);
  }
}

// Steps people read easily, and that line up with minutes and hours.
const NICE_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
].map((s) => s * 1000);

/** A range query's start, end and step, all in epoch milliseconds. */
export interface RangePlan {
  /** First evaluation time (a multiple of stepMs). */
  start: number;
  /** Last evaluation time (a multiple of stepMs). */
  end: number;
  /** Distance between points. */
  stepMs: number;
}

/**
 * The smallest readable step for which a chart `widthPx` wide gets at most one point per
 * pixel over `rangeMs`; never below `minStepMs` (e.g. the scrape interval).
 */
export function chooseStepMs(rangeMs: number, widthPx: number, minStepMs = 1000): number {
  if (!(rangeMs > 0) || !(widthPx >= 2)) throw new RangeError('rangeMs must be > 0 and widthPx >= 2');
  // n points span n-1 steps: step >= range / (width - 1) keeps n <= width.
  const needed = Math.max(rangeMs / (Math.floor(widthPx) - 1), minStepMs);
  const nice = NICE_STEPS_MS.find((step) => step >= needed);
  return nice ?? Math.ceil(needed / 86_400_000) * 86_400_000;
}

/** Start/end aligned to the step, so refreshes hit the same grid and never exceed widthPx points. */
export function planRange(endMs: number, rangeMs: number, widthPx: number, minStepMs?: number): RangePlan {
  const stepMs = chooseStepMs(rangeMs, widthPx, minStepMs);
  const end = Math.floor(endMs / stepMs) * stepMs;
  const start = Math.ceil((endMs - rangeMs) / stepMs) * stepMs;
  return { start: Math.min(start, end), end, stepMs };
}

/** Number of points a plan asks for. */
export function pointCount(plan: RangePlan): number {
  return Math.floor((plan.end - plan.start) / plan.stepMs) + 1;
}

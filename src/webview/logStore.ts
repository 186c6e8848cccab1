// The page's copy of the merged log stream: numbered lines kept in order, the current
// filter's matches, and gap detection (a missing seq asks the extension for a refill).
import { compileLogFilter, type LogFilter, type LogPredicate } from '../core/monitor/logFilter';
import type { LogLine } from '../protocol/monitorProtocol';

/** What an append did. */
export interface AppendResult {
  /** Lines taken in. */
  added: number;
  /** Set when lines are missing: ask the extension for lines from this seq. */
  gapFrom?: number;
}

// Waiting this long for a refill before asking again.
const REFILL_RETRY_MS = 3000;

export class LogStore {
  private lines: LogLine[] = [];
  private matches: number[] = [];
  private predicate: LogPredicate = () => true;
  private filtered = false;
  private awaiting: { from: number; at: number } | undefined;

  constructor(private readonly capacity = 100_000) {}

  get size(): number {
    return this.lines.length;
  }

  get lastSeq(): number | undefined {
    return this.lines.at(-1)?.seq;
  }

  /** Lines the current filter shows. */
  get visibleCount(): number {
    return this.filtered ? this.matches.length : this.lines.length;
  }

  /** The i-th shown line. */
  visibleAt(index: number): LogLine | undefined {
    if (!this.filtered) return this.lines[index];
    const seq = this.matches[index];
    return seq === undefined ? undefined : this.lines[seq - this.lines[0].seq];
  }

  /** Takes numbered lines; repeats are skipped, a gap stops the intake and asks for a refill. */
  append(incoming: readonly LogLine[], restart = false, now = Date.now()): AppendResult {
    if (restart) {
      this.lines = [];
      this.matches = [];
      this.awaiting = undefined;
    }
    let added = 0;
    for (const line of incoming) {
      const last = this.lines.at(-1);
      if (last && line.seq <= last.seq) continue;
      if (last && line.seq !== last.seq + 1) return { added: this.finish(added), gapFrom: this.gap(last.seq + 1, now) };
      this.lines.push(line);
      if (this.filtered && this.predicate(line)) this.matches.push(line.seq);
      added++;
    }
    if (this.awaiting && this.lastSeq !== undefined && this.lastSeq >= this.awaiting.from) this.awaiting = undefined;
    return { added: this.finish(added) };
  }

  /** Applies a filter; throws DevopsError for an invalid regular expression (the old filter stays). */
  setFilter(filter: LogFilter): void {
    const predicate = compileLogFilter(filter);
    this.predicate = predicate;
    this.filtered = Boolean(filter.text || filter.regex || filter.levels?.length || filter.sources?.length);
    this.matches = this.filtered ? this.lines.filter(predicate).map((l) => l.seq) : [];
  }

  private gap(from: number, now: number): number | undefined {
    // One request per gap: appends that arrive before the refill show the same gap again.
    if (this.awaiting && this.awaiting.from === from && now - this.awaiting.at < REFILL_RETRY_MS) return undefined;
    this.awaiting = { from, at: now };
    return from;
  }

  private finish(added: number): number {
    // Trim in batches so a steady stream does not shift 100,000 entries per line.
    const excess = this.lines.length - this.capacity;
    if (excess > Math.max(1000, this.capacity / 20) || (excess > 0 && this.capacity < 1000)) {
      this.lines.splice(0, excess);
      const first = this.lines[0].seq;
      if (this.filtered) {
        let drop = 0;
        while (drop < this.matches.length && this.matches[drop] < first) drop++;
        this.matches.splice(0, drop);
      }
    }
    return added;
  }
}

// The merged log stream: lines from every source, merged in time order, numbered and kept
// in a ring. Consumers get numbered appends and can refill a gap with range(). A line is
// decoded and parsed when something reads it; lines of one source need no parsing to be
// merged, lines of several sources are parsed for their times.
import type { Disposable, Event } from '../refresh/eventEmitter';
import { EventEmitter } from '../refresh/eventEmitter';
import { realTimers, type TimerHandle, type Timers } from '../refresh/timers';
import { compileLogFilter, type LogFilter } from './logFilter';
import { cappedBatch } from './lineBatch';
import { LogRing } from './logRing';
import { LogRun, parseBatchLine } from './logRun';
import type { LineBatch, LogAppend, LogLine, LogSink, LogSourceStatus } from './logTypes';

export interface LogModelOptions {
  /** Lines kept in memory; default 100,000. */
  capacity?: number;
  /**
   * How long lines wait so that lines of other sources with earlier timestamps can be
   * merged before them; 0 merges each call at once. Default 100 ms.
   */
  reorderWindowMs?: number;
  /** Pending lines that force a merge before the window ends; bounds memory in a burst. */
  maxPending?: number;
  timers?: Timers;
}

/** A source's latest status change. */
export interface LogSourceStatusChange {
  /** Source name. */
  source: string;
  /** Its new status. */
  status: LogSourceStatus;
}

// Lines of one source waiting for the merge, as the source handed them over (capped).
interface Pending {
  batch: LineBatch;
  arrival: number;
}

export class LogModel implements LogSink, Disposable {
  private readonly ring: LogRing;
  private readonly appended = new EventEmitter<LogAppend>();
  private readonly statusChanged = new EventEmitter<LogSourceStatusChange>();
  private readonly pending = new Map<string, Pending[]>();
  private readonly statuses = new Map<string, LogSourceStatus>();
  private pendingCount = 0;
  private timer: TimerHandle | undefined;
  private readonly reorderWindowMs: number;
  private readonly maxPending: number;
  private readonly timers: Timers;

  /** Fires after lines were numbered and kept; one event per merge. */
  readonly onDidAppend: Event<LogAppend> = this.appended.event;
  /** Fires when a source reports a new state (deleted file, command ended…). */
  readonly onDidChangeSourceStatus: Event<LogSourceStatusChange> = this.statusChanged.event;

  constructor(options: LogModelOptions = {}) {
    this.ring = new LogRing(options.capacity ?? 100_000);
    this.reorderWindowMs = options.reorderWindowMs ?? 100;
    this.maxPending = options.maxPending ?? 10_000;
    this.timers = options.timers ?? realTimers;
  }

  get firstSeq(): number {
    return this.ring.firstSeq;
  }

  get nextSeq(): number {
    return this.ring.nextSeq;
  }

  get size(): number {
    return this.ring.size;
  }

  lines(source: string, lines: readonly string[] | LineBatch): void {
    if (lines.length === 0) return;
    let queue = this.pending.get(source);
    if (!queue) this.pending.set(source, (queue = []));
    queue.push({ batch: cappedBatch(lines), arrival: this.timers.now() });
    this.pendingCount += lines.length;
    if (this.reorderWindowMs <= 0 || this.pendingCount >= this.maxPending) this.flush();
    else this.timer ??= this.timers.setTimer(() => this.flush(), this.reorderWindowMs);
  }

  status(source: string, status: LogSourceStatus): void {
    // A status explains the lines before it, so those are merged first.
    this.flush();
    this.statuses.set(source, status);
    this.statusChanged.fire({ source, status });
  }

  /** Merges every pending line now. */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.pendingCount === 0) return;
    const fromSeq = this.ring.nextSeq;
    const runs = this.mergedRuns(fromSeq);
    for (const run of runs) this.ring.push(run);
    const count = this.pendingCount;
    this.pending.clear();
    this.pendingCount = 0;
    let lines: LogLine[] | undefined;
    this.appended.fire({ fromSeq, count, get lines() { return (lines ??= runs.flatMap((run) => run.lines())); } });
  }

  // One source: its batches as they are. Several: every line parsed for its time, merged.
  private mergedRuns(fromSeq: number): LogRun[] {
    const queues = [...this.pending].filter(([, queue]) => queue.length > 0);
    let seq = fromSeq;
    if (queues.length === 1) {
      const [source, queue] = queues[0];
      return queue.map(({ batch, arrival }) => {
        const run = LogRun.unparsed(seq, source, batch, 0, batch.length, arrival);
        seq += batch.length;
        return run;
      });
    }
    const parsed = queues.map(([source, queue]) =>
      queue.flatMap(({ batch, arrival }) => Array.from({ length: batch.length }, (_, i) => parseBatchLine(batch, i, -1, source, arrival))),
    );
    const merged = mergeByTime(parsed);
    for (const line of merged) line.seq = seq++;
    return [LogRun.parsed(merged)];
  }

  /** Kept lines in [fromSeq, fromSeq + count), to refill a gap a consumer detected. */
  range(fromSeq: number, count: number): LogLine[] {
    return this.ring.range(fromSeq, count);
  }

  /** The newest `limit` kept lines matching the filter, oldest first. Throws for an invalid regex. */
  query(filter: LogFilter, limit = Number.POSITIVE_INFINITY): LogLine[] {
    const matches = compileLogFilter(filter);
    const out: LogLine[] = [];
    for (const line of this.ring.newestFirst()) {
      if (out.length >= limit) break;
      if (matches(line)) out.push(line);
    }
    return out.reverse();
  }

  /** Last reported status of every source that reported one. */
  sourceStatuses(): LogSourceStatusChange[] {
    return [...this.statuses].map(([source, status]) => ({ source, status }));
  }

  dispose(): void {
    this.flush();
    this.appended.dispose();
    this.statusChanged.dispose();
  }
}

/** K-way merge by time; each source keeps its own order, ties keep source order. */
function mergeByTime(queues: LogLine[][]): LogLine[] {
  const live = queues.filter((q) => q.length > 0);
  if (live.length === 1) return live[0];
  const heads = live.map(() => 0);
  const total = live.reduce((sum, q) => sum + q.length, 0);
  const out: LogLine[] = [];
  while (out.length < total) {
    let best = -1;
    for (let i = 0; i < live.length; i++) {
      if (heads[i] >= live[i].length) continue;
      if (best < 0 || live[i][heads[i]].time < live[best][heads[best]].time) best = i;
    }
    out.push(live[best][heads[best]++]);
  }
  return out;
}

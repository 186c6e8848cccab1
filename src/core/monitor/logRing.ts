// Fixed-capacity store of the newest lines by sequence number. Older lines fall out;
// they remain in the files on disk. Lines are kept in runs (one per merge) so that a
// merge of thousands of lines is one push, and a line is parsed only when read.
import type { LogRun } from './logRun';
import type { LogLine } from './logTypes';

export class LogRing {
  private runs: LogRun[] = [];
  private head = 0; // index in `runs` of the oldest run still holding a kept line
  private next = 0; // seq the next pushed run must start at

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Sequence number of the oldest line kept (equals `nextSeq` when empty). */
  get firstSeq(): number {
    return Math.max(0, this.next - this.capacity);
  }

  /** Sequence number the next line will get. */
  get nextSeq(): number {
    return this.next;
  }

  get size(): number {
    return this.next - this.firstSeq;
  }

  push(run: LogRun): void {
    if (run.firstSeq !== this.next) throw new RangeError(`expected seq ${this.next}, got ${run.firstSeq}`);
    if (run.count === 0) return;
    this.next = run.endSeq;
    this.runs.push(run.tail(this.next - this.capacity));
    const first = this.next - this.capacity;
    while (this.runs[this.head].endSeq <= first) this.head++;
    // Drop the references to runs that fell out, in one go once they are many.
    if (this.head > 64 && this.head * 2 > this.runs.length) {
      this.runs = this.runs.slice(this.head);
      this.head = 0;
    }
  }

  /** Lines with seq in [fromSeq, fromSeq + count) that are still kept. */
  range(fromSeq: number, count: number): LogLine[] {
    const start = Math.max(fromSeq, this.firstSeq);
    const end = Math.min(fromSeq + Math.max(0, count), this.next);
    const out: LogLine[] = [];
    if (start >= end) return out;
    for (let i = this.runIndexOf(start); i < this.runs.length && this.runs[i].firstSeq < end; i++) {
      const run = this.runs[i];
      for (let seq = Math.max(start, run.firstSeq); seq < Math.min(end, run.endSeq); seq++) out.push(run.line(seq));
    }
    return out;
  }

  /** Kept lines, newest first; stop iterating early to read only the tail. */
  *newestFirst(): Generator<LogLine> {
    const first = this.firstSeq;
    for (let i = this.runs.length - 1; i >= this.head; i--) {
      const run = this.runs[i];
      for (let seq = run.endSeq - 1; seq >= Math.max(first, run.firstSeq); seq--) yield run.line(seq);
    }
  }

  // Index of the run holding `seq` (a kept line), by binary search.
  private runIndexOf(seq: number): number {
    let low = this.head;
    let high = this.runs.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.runs[mid].firstSeq <= seq) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

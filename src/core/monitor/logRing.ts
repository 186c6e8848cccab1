// Fixed-capacity store of the newest lines by sequence number. Older lines fall out;
// they remain in the files on disk.
import type { LogLine } from './logTypes';

export class LogRing {
  private readonly slots: (LogLine | undefined)[];
  private count = 0;
  private next = 0; // seq the next pushed line must carry

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.slots = new Array<LogLine | undefined>(capacity);
  }

  /** Sequence number of the oldest line kept (equals `nextSeq` when empty). */
  get firstSeq(): number {
    return this.next - this.count;
  }

  /** Sequence number the next line will get. */
  get nextSeq(): number {
    return this.next;
  }

  get size(): number {
    return this.count;
  }

  push(line: LogLine): void {
    if (line.seq !== this.next) throw new RangeError(`expected seq ${this.next}, got ${line.seq}`);
    this.slots[line.seq % this.capacity] = line;
    this.next++;
    if (this.count < this.capacity) this.count++;
  }

  /** Lines with seq in [fromSeq, fromSeq + count) that are still kept. */
  range(fromSeq: number, count: number): LogLine[] {
    const start = Math.max(fromSeq, this.firstSeq);
    const end = Math.min(fromSeq + Math.max(0, count), this.next);
    const out: LogLine[] = [];
    for (let seq = start; seq < end; seq++) out.push(this.slots[seq % this.capacity]!);
    return out;
  }

  /** Kept lines, newest first; stop iterating early to read only the tail. */
  *newestFirst(): Generator<LogLine> {
    for (let seq = this.next - 1; seq >= this.firstSeq; seq--) yield this.slots[seq % this.capacity]!;
  }
}

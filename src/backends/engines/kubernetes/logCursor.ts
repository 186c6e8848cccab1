// Where a pod's log stream stands, so a reconnect neither loses nor repeats lines. The API
// takes sinceTime in whole seconds, while each line carries a nanosecond timestamp
// (timestamps=true); a resumed stream therefore repeats the lines of the last second. The
// cursor keeps the newest timestamp delivered and how many lines carried it, and on resume
// skips what is older and that many of the same stamp.

/** A log line's timestamp as a string that sorts in time order (nanoseconds padded to 9 digits). */
export interface LogStamp {
  /** Comparable key, e.g. 2026-03-01T10:00:00.120000000Z. */
  key: string;
  /** Milliseconds since the epoch. */
  ms: number;
}

const stampPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) /;

/** Splits "2026-03-01T10:00:00.12Z text" into its stamp and text; undefined without a stamp. */
export function splitStamp(line: string): { stamp: LogStamp; text: string } | undefined {
  const match = stampPattern.exec(line);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`) + Number(`0.${match[2] ?? '0'}`) * 1000;
  if (Number.isNaN(ms)) return undefined;
  // Keys compare as strings only in UTC; the kubelet writes UTC, others are rare and converted.
  const seconds = match[3] === 'Z' ? match[1] : new Date(Date.parse(`${match[1]}${match[3]}`)).toISOString().slice(0, 19);
  return { stamp: { key: `${seconds}.${(match[2] ?? '').padEnd(9, '0')}Z`, ms: Math.floor(ms) }, text: line.slice(match[0].length) };
}

export class LogCursor {
  private lastKey: string | undefined;
  private atLast = 0;
  private skip = 0;

  /** sinceTime for the next request: the second of the newest line delivered, or undefined before the first. */
  sinceTime(): string | undefined {
    return this.lastKey === undefined ? undefined : `${this.lastKey.slice(0, 19)}Z`;
  }

  /** Call when a new request starts: its first lines may repeat the last second. */
  resume(): void {
    this.skip = this.atLast;
  }

  /** True when the line is new and is to be delivered; records it. */
  accept(stamp: LogStamp): boolean {
    if (this.lastKey !== undefined) {
      if (stamp.key < this.lastKey) return false;
      if (stamp.key === this.lastKey && this.skip > 0) {
        this.skip--;
        return false;
      }
    }
    if (stamp.key === this.lastKey) this.atLast++;
    else {
      this.lastKey = stamp.key;
      this.atLast = 1;
      this.skip = 0;
    }
    return true;
  }
}

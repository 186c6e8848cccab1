// A run of lines that entered the ring in one merge, numbered from firstSeq. A run of one
// source keeps its lines as they came (bytes or strings) and parses a line the first time
// it is read: most lines of a big file leave the ring before anyone looks at them.
import { parseLogLine } from './logParse';
import type { LineBatch, LogLine } from './logTypes';

/** Line `index` of `batch`, parsed, numbered `seq`; `arrival` stands in for a line without a time. */
export function parseBatchLine(batch: LineBatch, index: number, seq: number, source: string, arrival: number): LogLine {
  const text = batch.text(index);
  const parsed = parseLogLine(text, arrival);
  return { seq, time: parsed.time ?? arrival, timeFromLine: parsed.time !== undefined, source, level: parsed.level, text, message: parsed.message };
}

export class LogRun {
  // Lines parsed so far, by index; filled as they are read.
  private parsed: (LogLine | undefined)[] | undefined;

  private constructor(
    readonly firstSeq: number,
    readonly count: number,
    private readonly raw: { source: string; batch: LineBatch; offset: number; arrival: number } | undefined,
    parsed?: LogLine[],
  ) {
    this.parsed = parsed;
  }

  /** Lines [offset, offset + count) of one source's batch, parsed when read. */
  static unparsed(firstSeq: number, source: string, batch: LineBatch, offset: number, count: number, arrival: number): LogRun {
    return new LogRun(firstSeq, count, { source, batch, offset, arrival });
  }

  /** Lines already parsed and numbered firstSeq, firstSeq + 1, … */
  static parsed(lines: LogLine[]): LogRun {
    return new LogRun(lines[0]?.seq ?? 0, lines.length, undefined, lines);
  }

  get endSeq(): number {
    return this.firstSeq + this.count;
  }

  /** The line numbered `seq` (firstSeq ≤ seq < endSeq). */
  line(seq: number): LogLine {
    const index = seq - this.firstSeq;
    this.parsed ??= new Array<LogLine | undefined>(this.count);
    let line = this.parsed[index];
    if (!line) {
      const { source, batch, offset, arrival } = this.raw!;
      line = this.parsed[index] = parseBatchLine(batch, offset + index, seq, source, arrival);
    }
    return line;
  }

  /** Its lines from `fromSeq` on (all of them by default). */
  lines(fromSeq = this.firstSeq): LogLine[] {
    const out: LogLine[] = [];
    for (let seq = Math.max(fromSeq, this.firstSeq); seq < this.endSeq; seq++) out.push(this.line(seq));
    return out;
  }

  /** The same lines from `fromSeq` on, as a run of its own (a run too big for the ring keeps its tail). */
  tail(fromSeq: number): LogRun {
    if (fromSeq <= this.firstSeq) return this;
    if (!this.raw) return LogRun.parsed(this.lines(fromSeq));
    const skip = fromSeq - this.firstSeq;
    return LogRun.unparsed(fromSeq, this.raw.source, this.raw.batch, this.raw.offset + skip, this.count - skip, this.raw.arrival);
  }
}

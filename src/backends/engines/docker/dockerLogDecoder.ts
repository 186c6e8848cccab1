// The bytes of a Docker log stream as lines. Without a TTY the engine multiplexes stdout and
// stderr in frames: an 8-byte header (stream 1 or 2, three zero bytes, the payload length
// as big-endian uint32), then the payload, one log record. With a TTY it sends the raw
// terminal output, all of it stdout, lines ending in \r\n. With timestamps=1 every record
// starts with its RFC 3339 time and a space; a line longer than 16 KB arrives as several
// records, each with its own time, and is put back together here.

export interface DecodedLine {
  stream: 'stdout' | 'stderr';
  /** The record's time exactly as the engine wrote it (RFC 3339, up to nanoseconds). */
  timestamp: string;
  /** The line without its time and without the line ending. */
  text: string;
}

const headerBytes = 8;
/** A record larger than this is no log line: the bytes are not a multiplexed stream. */
const maxFrameBytes = 4 * 1024 * 1024;

export class LogDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<DecodedLine['stream'], { timestamp: string; text: string } | undefined> = { stdout: undefined, stderr: undefined };
  private rawText = '';

  /** `tty`: the container's streams are one raw terminal stream. */
  constructor(private readonly tty: boolean) {}

  /** The complete lines in `chunk` and what came before it. */
  push(chunk: Buffer): DecodedLine[] {
    return this.tty ? this.pushRaw(chunk) : this.pushFrames(chunk);
  }

  /** What is left when the stream ends: a last line without its line ending. */
  end(): DecodedLine[] {
    const lines: DecodedLine[] = [];
    if (this.tty && this.rawText !== '') lines.push(...this.records('stdout', `${this.rawText}\n`));
    this.rawText = '';
    for (const stream of ['stdout', 'stderr'] as const) {
      const part = this.partial[stream];
      if (part) lines.push({ stream, ...part });
      this.partial[stream] = undefined;
    }
    return lines;
  }

  private pushFrames(chunk: Buffer): DecodedLine[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: DecodedLine[] = [];
    while (this.pending.length >= headerBytes) {
      const kind = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if ((kind !== 0 && kind !== 1 && kind !== 2) || size > maxFrameBytes) throw new Error('the log stream is not in the multiplexed format the Docker engine documents');
      if (this.pending.length < headerBytes + size) break;
      const payload = this.pending.subarray(headerBytes, headerBytes + size).toString('utf8');
      this.pending = this.pending.subarray(headerBytes + size);
      lines.push(...this.records(kind === 2 ? 'stderr' : 'stdout', payload));
    }
    return lines;
  }

  private pushRaw(chunk: Buffer): DecodedLine[] {
    this.rawText += chunk.toString('utf8');
    const end = this.rawText.lastIndexOf('\n');
    if (end < 0) return [];
    const complete = this.rawText.slice(0, end + 1);
    this.rawText = this.rawText.slice(end + 1);
    return this.records('stdout', complete);
  }

  // One payload may hold several records (raw streams) or part of one line (a split record).
  private records(stream: DecodedLine['stream'], payload: string): DecodedLine[] {
    const lines: DecodedLine[] = [];
    const pieces = payload.split('\n');
    const last = pieces.pop() ?? '';
    const take = (record: string, complete: boolean): void => {
      const space = record.indexOf(' ');
      const timestamp = space > 0 ? record.slice(0, space) : record;
      const text = (space > 0 ? record.slice(space + 1) : '').replace(/\r$/, '');
      const open = this.partial[stream];
      const joined = open ? { timestamp: open.timestamp, text: open.text + text } : { timestamp, text };
      if (complete) {
        this.partial[stream] = undefined;
        lines.push({ stream, ...joined });
      } else {
        this.partial[stream] = joined;
      }
    };
    for (const piece of pieces) take(piece, true);
    if (last !== '') take(last, false);
    return lines;
  }
}

// Bytes in, complete lines out. Splitting happens on bytes (a "\n" byte never occurs inside
// a UTF-8 sequence), so a character cut between two chunks is decoded whole, and invalid
// bytes become U+FFFD without taking the rest of the line with them. A line longer than
// maxLineBytes keeps its head and counts the rest, so memory stays bounded. Lines come out
// as a LineBatch over the chunk itself: a line is decoded only when something reads it.
import type { LineBatch } from '../../core/monitor/logTypes';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const EMPTY: LineBatch = { length: 0, text: () => '' };

export class LineSplitter {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private droppedBytes = 0; // bytes of the current line beyond maxLineBytes
  private ends = new Int32Array(1024); // scratch: where each line of a chunk ends

  constructor(private readonly maxLineBytes = 64 * 1024) {}

  /** Bytes of the unfinished last line kept in memory (at most maxLineBytes). */
  get pendingBytes(): number {
    return this.heldBytes;
  }

  /**
   * Complete lines in `chunk` (joined with what earlier chunks left unfinished). The batch
   * reads `chunk` when a line is decoded: the caller must not write to it afterwards.
   */
  push(chunk: Uint8Array): LineBatch {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const firstNewline = buffer.indexOf(NEWLINE);
    if (firstNewline < 0) {
      this.hold(buffer);
      return EMPTY;
    }
    const first = this.finishHeld(buffer.subarray(0, firstNewline));
    // indexOf per line: the search runs natively, and no string is made for a line here.
    let count = 0;
    for (let at = buffer.indexOf(NEWLINE, firstNewline + 1); at >= 0; at = buffer.indexOf(NEWLINE, at + 1)) {
      if (count === this.ends.length) this.ends = grow(this.ends);
      this.ends[count++] = at;
    }
    const lastNewline = count > 0 ? this.ends[count - 1] : firstNewline;
    this.hold(buffer.subarray(lastNewline + 1));
    if (count === 0) return { length: 1, text: () => first };
    return new ByteLineBatch(first, buffer, firstNewline + 1, this.ends.slice(0, count), this.maxLineBytes);
  }

  /** The unfinished last line, if any, as a line of its own (the stream ended). */
  end(): LineBatch {
    if (this.heldBytes === 0 && this.droppedBytes === 0) return EMPTY;
    const last = this.finishHeld(Buffer.alloc(0));
    return { length: 1, text: () => last };
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    const room = this.maxLineBytes - this.heldBytes;
    const kept = part.length <= room ? part : part.subarray(0, Math.max(0, room));
    if (kept.length > 0) {
      // Copy: the chunk may be a big read buffer, and one held line must not pin it.
      this.held.push(Buffer.from(kept));
      this.heldBytes += kept.length;
    }
    this.droppedBytes += part.length - kept.length;
  }

  private finishHeld(tail: Buffer): string {
    this.hold(tail);
    const bytes = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held, this.heldBytes);
    let text = stripCr(bytes.toString('utf8'));
    if (this.droppedBytes > 0) text += truncationNote(this.heldBytes + this.droppedBytes);
    this.held = [];
    this.heldBytes = 0;
    this.droppedBytes = 0;
    return text;
  }
}

// The lines of one chunk: the first completes what earlier chunks left, the others are
// decoded from the chunk's bytes when read. Line k (k ≥ 1) ends at ends[k - 1].
class ByteLineBatch implements LineBatch {
  readonly length: number;

  constructor(
    private readonly first: string,
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly ends: Int32Array,
    private readonly maxLineBytes: number,
  ) {
    this.length = ends.length + 1;
  }

  text(index: number): string {
    if (index === 0) return this.first;
    const start = index === 1 ? this.start : this.ends[index - 2] + 1;
    let end = this.ends[index - 1];
    if (end > start && this.bytes[end - 1] === CARRIAGE_RETURN) end--;
    const line = this.bytes.toString('utf8', start, end);
    // A string's UTF-16 length never exceeds its UTF-8 byte count, so a line within the
    // cap in bytes is never cut here.
    if (line.length <= this.maxLineBytes) return line;
    return line.slice(0, this.maxLineBytes) + truncationNote(end - start);
  }
}

function grow(ends: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(ends.length * 2);
  bigger.set(ends);
  return bigger;
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
}

function truncationNote(totalBytes: number): string {
  return ` … [line of ${totalBytes} bytes truncated]`;
}

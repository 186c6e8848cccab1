// Bytes in, complete lines out. Splitting happens on bytes (a "\n" byte never occurs inside
// a UTF-8 sequence), so a character cut between two chunks is decoded whole, and invalid
// bytes become U+FFFD without taking the rest of the line with them. A line longer than
// maxLineBytes keeps its head and counts the rest, so memory stays bounded.

const NEWLINE = 0x0a;

export class LineSplitter {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private droppedBytes = 0; // bytes of the current line beyond maxLineBytes

  constructor(private readonly maxLineBytes = 64 * 1024) {}

  /** Bytes of the unfinished last line kept in memory (at most maxLineBytes). */
  get pendingBytes(): number {
    return this.heldBytes;
  }

  /** Complete lines in `chunk` (joined with what earlier chunks left unfinished). */
  push(chunk: Uint8Array): string[] {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const firstNewline = buffer.indexOf(NEWLINE);
    if (firstNewline < 0) {
      this.hold(buffer);
      return [];
    }
    const lines = [this.finishHeld(buffer.subarray(0, firstNewline))];
    const lastNewline = buffer.lastIndexOf(NEWLINE);
    if (lastNewline > firstNewline) {
      for (const text of buffer.toString('utf8', firstNewline + 1, lastNewline).split('\n')) lines.push(this.cap(text));
    }
    this.hold(buffer.subarray(lastNewline + 1));
    return lines;
  }

  /** The unfinished last line, if any, as a line of its own (the stream ended). */
  end(): string[] {
    if (this.heldBytes === 0 && this.droppedBytes === 0) return [];
    return [this.finishHeld(Buffer.alloc(0))];
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    const room = this.maxLineBytes - this.heldBytes;
    const kept = part.length <= room ? part : part.subarray(0, Math.max(0, room));
    if (kept.length > 0) {
      // Copy: the caller may reuse its read buffer.
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

  private cap(text: string): string {
    const line = stripCr(text);
    // A string's UTF-16 length never exceeds its UTF-8 byte count, so a line within the
    // cap in bytes is never cut here.
    if (line.length <= this.maxLineBytes) return line;
    return line.slice(0, this.maxLineBytes) + truncationNote(Buffer.byteLength(line));
  }
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
}

function truncationNote(totalBytes: number): string {
  return ` … [line of ${totalBytes} bytes truncated]`;
}

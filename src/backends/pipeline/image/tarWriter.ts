// A minimal ustar writer for a build context: regular files, folders and symbolic links,
// with a PAX header for names past ustar's 100 bytes. The engine reads it as `docker build`'s
// own context; nothing else is needed, so no tar library is bundled.

const block = 512;

export interface TarEntry {
  /** Path inside the archive, with "/" separators. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  /** File content (type file). */
  data?: Buffer;
  /** Link target (type symlink), written as the link holds it. */
  linkName?: string;
}

export class TarWriter {
  private readonly parts: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.bytes;
  }

  /** False when the entry would pass the size cap (nothing is added then). */
  add(entry: TarEntry): boolean {
    const data = entry.type === 'file' ? (entry.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const name = entry.type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
    const parts: Buffer[] = [];
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(entry.linkName ?? '') > 100) {
      const records = [paxRecord('path', name), ...(entry.linkName ? [paxRecord('linkpath', entry.linkName)] : [])];
      const pax = Buffer.from(records.join(''));
      parts.push(header({ name: 'PaxHeader', type: 'x', mode: 0o644, size: pax.length }), padded(pax));
    }
    parts.push(header({ name: truncate(name), type: entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2', mode: entry.mode, size: data.length, linkName: truncate(entry.linkName ?? '') }));
    if (data.length > 0) parts.push(padded(data));
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    if (this.bytes + size + 2 * block > this.maxBytes) return false;
    this.parts.push(...parts);
    this.bytes += size;
    return true;
  }

  /** The archive with its two closing zero blocks. */
  finish(): Buffer {
    return Buffer.concat([...this.parts, Buffer.alloc(2 * block)]);
  }
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  // The length prefix counts itself: grow it until it fits.
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function truncate(text: string): string {
  let bytes = Buffer.from(text);
  if (bytes.length <= 100) return text;
  bytes = bytes.subarray(bytes.length - 100);
  return bytes.toString('utf8');
}

function padded(data: Buffer): Buffer {
  const rest = data.length % block;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(block - rest)]);
}

function header(fields: { name: string; type: string; mode: number; size: number; linkName?: string }): Buffer {
  const buffer = Buffer.alloc(block);
  buffer.write(fields.name, 0, 100, 'utf8');
  octal(buffer, 100, 8, fields.mode & 0o7777);
  octal(buffer, 108, 8, 0);
  octal(buffer, 116, 8, 0);
  octal(buffer, 124, 12, fields.size);
  // A fixed time: the same context gives the same archive, so the engine's build cache hits.
  octal(buffer, 136, 12, 0);
  buffer.write(fields.type, 156, 1, 'ascii');
  if (fields.linkName) buffer.write(fields.linkName, 157, 100, 'utf8');
  buffer.write('ustar\u000000', 257, 8, 'ascii');
  buffer.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of buffer) sum += byte;
  buffer.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return buffer;
}

function octal(buffer: Buffer, offset: number, length: number, value: number): void {
  buffer.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

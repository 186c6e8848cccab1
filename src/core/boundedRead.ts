import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DevopsError } from './errors';
import { describeSize } from './yaml/sourceGuards';

// Files the product reads whole (the sprint file, test reports, its own state under
// .devops) come from the repository or a tool: each read has a byte limit with a clear
// "too large", and a FIFO or device is refused before it can block or be read forever.

/** "<what> is 12.0 MB, larger than the 8.0 MB limit"; without `bytes`, "<what> is larger than …". */
export function tooLargeText(what: string, bytes: number | undefined, limit: number): string {
  return `${what} is ${bytes === undefined ? '' : `${describeSize(bytes)}, `}larger than the ${describeSize(limit)} limit`;
}

/**
 * Opens a file for reading; O_NONBLOCK keeps open() of a FIFO from waiting for a writer,
 * and anything but a regular file is refused before a byte is read.
 */
async function openRegularFile(path: string, what: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DevopsError('not-found', `${what} does not exist: ${path}`, { cause: error });
    throw new DevopsError('io', `cannot read ${what} ${path}: ${code ?? String(error)}`, { cause: error });
  }
  const info = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!info.isFile()) {
    await handle.close();
    throw new DevopsError('invalid-data', `${what} ${path} is not a regular file (a pipe, device or folder is never read)`);
  }
  return handle;
}

/**
 * The bytes of a regular file, at most `maxBytes`. Throws DevopsError 'invalid-data' (too
 * large, or not a regular file), 'not-found' or 'io'.
 */
export async function readFileCapped(path: string, maxBytes: number, what: string): Promise<Buffer> {
  const handle = await openRegularFile(path, what);
  try {
    const info = await handle.stat();
    if (info.size > maxBytes) throw new DevopsError('invalid-data', tooLargeText(what, info.size, maxBytes));
    // Read until the end, one byte past the limit at most: a file that grew since stat() is refused, not cut.
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    throw new DevopsError('invalid-data', tooLargeText(what, undefined, maxBytes));
  } finally {
    await handle.close();
  }
}

/**
 * The last `maxBytes` of a regular file that only grows (an append-only log), and whether
 * older bytes were left unread. Throws like readFileCapped, but never for size.
 */
export async function readFileTail(path: string, maxBytes: number, what: string): Promise<{ bytes: Buffer; cut: boolean }> {
  const handle = await openRegularFile(path, what);
  try {
    const info = await handle.stat();
    const start = Math.max(0, info.size - maxBytes);
    const bytes = Buffer.alloc(info.size - start);
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, start + length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { bytes: bytes.subarray(0, length), cut: start > 0 };
  } finally {
    await handle.close();
  }
}

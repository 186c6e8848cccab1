import { stat } from 'node:fs/promises';
import { readFileCapped } from '../boundedRead';
import { DevopsError } from '../errors';
import { fileError, type Problem } from '../config/problem';
import { maxSourceBytes, tooLargeMessage } from './sourceGuards';

// Reads a file the user wrote, refusing a huge one before reading it into memory.

export type SourceRead = { text: string } | { problem: Problem };

export async function readSourceFile(path: string, what: string, limit = maxSourceBytes): Promise<SourceRead> {
  const fail = (code: string, message: string): SourceRead => ({ problem: fileError(path, code, message) });
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fail('not-a-file', `${what} is a folder, not a file`);
    // A device or pipe (/dev/zero, a FIFO) could be read forever.
    if (!info.isFile()) return fail('not-a-file', `${what} is not a regular file`);
    if (info.size > limit) return fail('too-large', tooLargeMessage(what, info.size, limit));
    // Bounded again at the read: the file may have grown or been swapped since stat().
    return { text: (await readFileCapped(path, limit, what)).toString('utf8') };
  } catch (error) {
    if (DevopsError.is(error, 'invalid-data')) return fail('too-large', error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not-found', `no such file (expected ${what})`);
    return fail('unreadable', `cannot read ${what}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
}

// Follows a log file the way `tail -F` does: keeps the open descriptor to drain what was
// written before a rename, notices a new file at the path (rotation), a shrinking or
// rewritten file (truncation, copytruncate) and a missing one (deleted; picked up when it
// reappears). A FIFO or device is refused: reading one could block or never end.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { DevopsError } from '../../core/errors';
import type { LineBatch, LogSink, LogSource, LogSourceStatus } from '../../core/monitor/logTypes';
import { delay } from '../../core/safeTimers';
import { resolveInWorkspace } from '../../core/workspacePath';
import { LineSplitter } from './lineSplitter';

export interface FileLogSourceOptions {
  /** Source column name; default the path. */
  name?: string;
  /** Absolute path of the file. */
  path: string;
  /** Folder the file must stay in, links resolved (a path from devops.yaml); unchecked when absent. */
  workspace?: string;
  /** Read what the file already holds; default false (start at its end, like tail -f). */
  fromStart?: boolean;
  /** How often the file is checked; default 250 ms. */
  pollMs?: number;
  /** Longer lines keep their head only; default 64 KiB. */
  maxLineBytes?: number;
}

const READ_CHUNK = 1024 * 1024;
// Bytes read before yielding to the event loop, so a huge file never freezes the host.
const READ_BUDGET = 8 * 1024 * 1024;
// Bytes compared at the start of the file and just before the read position on each poll:
// a file truncated and refilled past its old size between two polls has the same inode
// and a larger size, and only its content tells that it was rewritten.
const FINGERPRINT_BYTES = 64;

interface Opened {
  handle: FileHandle;
  ino: number;
  dev: number;
  position: number;
  /** The file's first bytes as last read. */
  head: Buffer;
  /** The bytes just before `position` as last read. */
  tail: Buffer;
}

type Change = 'same' | 'deleted' | 'replaced' | 'truncated';

export class FileLogSource implements LogSource {
  readonly name: string;

  constructor(private readonly options: FileLogSourceOptions) {
    this.name = options.name ?? options.path;
  }

  async follow(sink: LogSink, signal: AbortSignal): Promise<void> {
    const { path } = this.options;
    const splitter = new LineSplitter(this.options.maxLineBytes);
    let buffer = Buffer.allocUnsafe(READ_CHUNK);
    let file: Opened | undefined;
    let firstOpen = true;
    let reopenNote = 'reappeared; following it from its start';
    let lastStatus = '';
    const report = (status: LogSourceStatus): void => {
      if (status.state + status.message === lastStatus) return;
      lastStatus = status.state + status.message;
      sink.status(this.name, status);
    };
    const emit = (lines: LineBatch): void => {
      if (lines.length > 0) sink.lines(this.name, lines);
    };
    const drain = async (opened: Opened): Promise<boolean> => {
      let read = 0;
      while (read < READ_BUDGET) {
        const { bytesRead } = await opened.handle.read(buffer, 0, READ_CHUNK, opened.position);
        if (bytesRead === 0) break;
        const bytes = buffer.subarray(0, bytesRead);
        noteRead(opened, bytes);
        opened.position += bytesRead;
        read += bytesRead;
        // The lines keep the bytes they were read into: a big read gives its buffer away (a
        // new one takes its place), a small one is copied so a few lines do not pin a megabyte.
        const handOver = bytesRead >= READ_CHUNK / 4;
        if (handOver) buffer = Buffer.allocUnsafe(READ_CHUNK);
        emit(splitter.push(handOver ? bytes : Buffer.from(bytes)));
      }
      return read >= READ_BUDGET;
    };
    const close = async (): Promise<void> => {
      emit(splitter.end());
      await file?.handle.close().catch(() => undefined);
      file = undefined;
    };

    report({ state: 'starting', message: `Opening ${path}` });
    try {
      while (!signal.aborted) {
        let again = false;
        if (!file) {
          if (this.options.workspace !== undefined) await resolveInWorkspace(this.options.workspace, path, `log file`);
          const opened = await openFile(path);
          if (typeof opened === 'string') {
            report(opened === 'ENOENT'
              ? { state: 'waiting', message: firstOpen ? `${path} does not exist yet; waiting for it` : `${path} was deleted; waiting for it to reappear` }
              : { state: 'error', message: `Cannot read ${path} (${opened}); retrying` });
          } else {
            file = { ...opened, position: firstOpen && !this.options.fromStart ? opened.size : 0, head: Buffer.alloc(0), tail: Buffer.alloc(0) };
            await remember(file);
            report({ state: 'following', message: firstOpen ? `Following ${path}` : `${path} ${reopenNote}` });
            reopenNote = 'reappeared; following it from its start';
          }
          firstOpen = false;
        }
        if (file) {
          // Checked before reading on: a rewritten file must be read from its start, not from the old offset.
          const change = await checkPath(path, file);
          if (change === 'deleted') {
            await drain(file);
            await close();
            report({ state: 'waiting', message: `${path} was deleted; waiting for it to reappear` });
          } else if (change === 'replaced') {
            await drain(file);
            await close();
            reopenNote = 'was rotated; following the new file';
            again = true;
          } else {
            if (change === 'truncated') {
              emit(splitter.end());
              Object.assign(file, { position: 0, head: Buffer.alloc(0), tail: Buffer.alloc(0) });
              report({ state: 'following', message: `${path} was truncated; reading from its start` });
            }
            again = await drain(file);
          }
        }
        // More to read: only let other work run (a timer would idle at least 1 ms per turn).
        if (again) await new Promise<void>((resolve) => setImmediate(resolve));
        else await delay(this.options.pollMs ?? 250, signal);
      }
    } catch (error) {
      const refused = DevopsError.is(error, 'forbidden') || DevopsError.is(error, 'invalid-data');
      report({ state: 'error', message: refused ? `Not following ${path}: ${error.message}` : `Stopped following ${path}: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      await close();
    }
  }
}

async function openFile(path: string): Promise<{ handle: FileHandle; ino: number; dev: number; size: number } | string> {
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (Ctrl+C could not end that wait).
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new DevopsError('invalid-data', `it is not a regular file (a pipe, socket or device is never followed)`);
    }
    return { handle, ino: info.ino, dev: info.dev, size: info.size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (DevopsError.is(error)) throw error;
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

async function bytesAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  return bytes.subarray(0, bytesRead);
}

// The fingerprint of a file opened at its end, before anything was read.
async function remember(file: Opened): Promise<void> {
  const length = Math.min(FINGERPRINT_BYTES, file.position);
  [file.head, file.tail] = await Promise.all([bytesAt(file.handle, 0, length), bytesAt(file.handle, file.position - length, length)]);
}

// Keeps the fingerprint up to date from the bytes just read at file.position (copied: the read buffer is reused).
function noteRead(file: Opened, bytes: Buffer): void {
  if (file.head.length < FINGERPRINT_BYTES && file.position === file.head.length) file.head = Buffer.from(Buffer.concat([file.head, bytes]).subarray(0, FINGERPRINT_BYTES));
  file.tail = Buffer.from(bytes.length >= FINGERPRINT_BYTES ? bytes.subarray(bytes.length - FINGERPRINT_BYTES) : Buffer.concat([file.tail, bytes]).subarray(-FINGERPRINT_BYTES));
}

async function checkPath(path: string, file: Opened): Promise<Change> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'deleted';
    throw error;
  }
  if (info.ino !== file.ino || info.dev !== file.dev) return 'replaced';
  if (info.size < file.position) return 'truncated';
  const [head, tail] = await Promise.all([bytesAt(file.handle, 0, file.head.length), bytesAt(file.handle, file.position - file.tail.length, file.tail.length)]);
  return head.equals(file.head) && tail.equals(file.tail) ? 'same' : 'truncated';
}

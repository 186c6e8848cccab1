// Follows a log file the way `tail -F` does: keeps the open descriptor to drain what was
// written before a rename, notices a new file at the path (rotation), a shrinking file
// (truncation, copytruncate) and a missing one (deleted; picked up when it reappears).
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { LogSink, LogSource, LogSourceStatus } from '../../core/monitor/logTypes';
import { delay } from '../../core/safeTimers';
import { LineSplitter } from './lineSplitter';

export interface FileLogSourceOptions {
  /** Source column name; default the path. */
  name?: string;
  /** Absolute path of the file. */
  path: string;
  /** Read what the file already holds; default false (start at its end, like tail -f). */
  fromStart?: boolean;
  /** How often the file is checked; default 250 ms. */
  pollMs?: number;
  /** Longer lines keep their head only; default 64 KiB. */
  maxLineBytes?: number;
}

const READ_CHUNK = 256 * 1024;
// Bytes read before yielding to the event loop, so a huge file never freezes the host.
const READ_BUDGET = 8 * 1024 * 1024;

interface Opened {
  handle: FileHandle;
  ino: number;
  dev: number;
  position: number;
}

export class FileLogSource implements LogSource {
  readonly name: string;

  constructor(private readonly options: FileLogSourceOptions) {
    this.name = options.name ?? options.path;
  }

  async follow(sink: LogSink, signal: AbortSignal): Promise<void> {
    const { path } = this.options;
    const splitter = new LineSplitter(this.options.maxLineBytes);
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    let file: Opened | undefined;
    let firstOpen = true;
    let reopenNote = 'reappeared; following it from its start';
    let lastStatus = '';
    const report = (status: LogSourceStatus): void => {
      if (status.state + status.message === lastStatus) return;
      lastStatus = status.state + status.message;
      sink.status(this.name, status);
    };
    const emit = (lines: string[]): void => {
      if (lines.length > 0) sink.lines(this.name, lines);
    };
    const drain = async (opened: Opened): Promise<boolean> => {
      let read = 0;
      while (read < READ_BUDGET) {
        const { bytesRead } = await opened.handle.read(buffer, 0, READ_CHUNK, opened.position);
        if (bytesRead === 0) return false;
        opened.position += bytesRead;
        read += bytesRead;
        emit(splitter.push(buffer.subarray(0, bytesRead)));
      }
      return true;
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
          const opened = await openFile(path);
          if (typeof opened === 'string') {
            report(opened === 'ENOENT'
              ? { state: 'waiting', message: firstOpen ? `${path} does not exist yet; waiting for it` : `${path} was deleted; waiting for it to reappear` }
              : { state: 'error', message: `Cannot read ${path} (${opened}); retrying` });
          } else {
            file = { ...opened, position: firstOpen && !this.options.fromStart ? opened.size : 0 };
            report({ state: 'following', message: firstOpen ? `Following ${path}` : `${path} ${reopenNote}` });
            reopenNote = 'reappeared; following it from its start';
          }
          firstOpen = false;
        }
        if (file) {
          again = await drain(file);
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
          } else if (change === 'truncated') {
            emit(splitter.end());
            file.position = 0;
            report({ state: 'following', message: `${path} was truncated; reading from its start` });
            again = true;
          }
        }
        await delay(again ? 0 : (this.options.pollMs ?? 250), signal);
      }
    } catch (error) {
      report({ state: 'error', message: `Stopped following ${path}: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      await close();
    }
  }
}

async function openFile(path: string): Promise<{ handle: FileHandle; ino: number; dev: number; size: number } | string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return 'not a regular file';
    }
    return { handle, ino: info.ino, dev: info.dev, size: info.size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

async function checkPath(path: string, file: Opened): Promise<'same' | 'deleted' | 'replaced' | 'truncated'> {
  try {
    const info = await stat(path);
    if (info.ino !== file.ino || info.dev !== file.dev) return 'replaced';
    return info.size < file.position ? 'truncated' : 'same';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'deleted';
    throw error;
  }
}

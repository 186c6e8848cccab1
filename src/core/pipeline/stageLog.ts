import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DevopsError } from '../errors';

/**
 * A stage's log file, written as output arrives. write() returns false when the caller
 * should stop reading its source until onDrain: memory stays bounded and nothing is
 * dropped. A failed write (disk full, folder gone) is kept in `failure` for the stage.
 */
export class StageLog {
  private failed: DevopsError | undefined;
  private readonly errorListeners: ((error: DevopsError) => void)[] = [];

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (this.failed) return;
      this.failed = new DevopsError('io', `could not write the log ${path}: ${error.code ?? error.message}`, { cause: error });
      for (const listener of this.errorListeners) listener(this.failed);
    });
  }

  /** Creates the folder and the file; an unwritable place throws DevopsError('io') naming it. */
  static async create(path: string): Promise<StageLog> {
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'w');
      // 1 MB buffer: fewer, larger writes for chatty stages.
      return new StageLog(path, createWriteStream('', { fd: handle, highWaterMark: 1 << 20 }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new DevopsError('io', `could not create the log ${path}: ${code}`, { cause: error });
    }
  }

  get failure(): DevopsError | undefined {
    return this.failed;
  }

  /** False means: pause the source and wait for onDrain. */
  write(chunk: Buffer | string): boolean {
    if (this.failed) return true;
    return this.stream.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.stream.on('drain', listener);
  }

  onError(listener: (error: DevopsError) => void): void {
    this.errorListeners.push(listener);
  }

  /** Flushes everything written and closes; resolves even when the stream failed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream.destroyed || this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
  }
}

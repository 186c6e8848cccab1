import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { readFileCapped } from '../../../core/boundedRead';
import { maxSprintFileBytes } from '../../../core/plan/sprintLimits';
import { dirname, basename, join } from 'node:path';
import { DevopsError } from '../../../core/errors';
import { resolveInWorkspace } from '../../../core/workspacePath';

// Where the sprint file's text is read and written: on disk (DiskSprintText), or in the
// editor (vscode/plan/editorSprintText.ts), where an edit to a file with unsaved changes
// goes through a WorkspaceEdit instead of overwriting the user's work.

export interface SprintText {
  /** Path shown in problems and messages. */
  readonly name: string;
  /** The current text; DevopsError 'not-found' when there is no file, 'invalid-data' when it is too large to read. */
  read(signal: AbortSignal): Promise<string>;
  /** Replaces the text; `expected` is what read() returned, and it refuses (reason 'conflict') when the text changed meanwhile. */
  write(next: string, expected: string, signal: AbortSignal): Promise<void>;
}

export class DiskSprintText implements SprintText {
  /** `workspace`, when given, is the folder the file must stay in (plan.file comes from devops.yaml). */
  constructor(
    readonly name: string,
    private readonly workspace?: string,
  ) {}

  async read(signal: AbortSignal): Promise<string> {
    if (this.workspace !== undefined) await resolveInWorkspace(this.workspace, this.name, 'plan.file');
    try {
      return (await readFileCapped(this.name, maxSprintFileBytes, 'the sprint file')).toString('utf8');
    } catch (error) {
      if (DevopsError.is(error, 'invalid-data')) throw error;
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      if (code === 'ENOENT') throw new DevopsError('not-found', `the sprint file ${this.name} does not exist`, { cause: error });
      if (signal.aborted) throw new DevopsError('cancelled', 'reading the sprint file was cancelled', { cause: error });
      throw new DevopsError('io', `cannot read the sprint file ${this.name} (${code ?? 'error'})`, { cause: error });
    }
  }

  async write(next: string, expected: string, signal: AbortSignal): Promise<void> {
    const current = await this.read(signal);
    if (current !== expected) throw new DevopsError('conflict', `the sprint file ${this.name} changed while it was being edited; nothing was written`);
    // Write beside the file, then rename: a crash never leaves half a sprint file.
    const temp = join(dirname(this.name), `.${basename(this.name)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const mode = (await stat(this.name)).mode;
      await writeFile(temp, next, { encoding: 'utf8', mode, signal });
      await rename(temp, this.name);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new DevopsError(signal.aborted ? 'cancelled' : 'io', `cannot write the sprint file ${this.name}`, { cause: error });
    }
  }
}

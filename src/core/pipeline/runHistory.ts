import { rename } from 'node:fs/promises';
import { readFileCapped } from '../boundedRead';
import * as z from 'zod';
import { DevopsError } from '../errors';
import { writeFileAtomic } from './atomicFile';
import { withFileLock } from './lockFile';
import { EventEmitter } from '../refresh/eventEmitter';
import type { PipelineRun } from './runTypes';

const failedTest = z.object({ name: z.string(), message: z.string(), file: z.string().optional(), line: z.number().optional() });
const stageRun = z.object({
  name: z.string(),
  kind: z.enum(['run', 'release', 'deploy']),
  status: z.enum(['waiting', 'running', 'succeeded', 'failed', 'cancelled', 'skipped']),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  durationMs: z.number().optional(),
  exitCode: z.number().nullable().optional(),
  reason: z.string().optional(),
  logFile: z.string(),
  tests: z.object({ passed: z.number(), failed: z.number(), skipped: z.number(), failures: z.array(failedTest) }).optional(),
});
const pipelineRun = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  commit: z.string().optional(),
  branch: z.string().optional(),
  who: z.string(),
  requested: z.array(z.string()),
  stages: z.array(stageRun),
});
const historyFile = z.object({ version: z.literal(1), runs: z.array(pipelineRun) });

export interface RunHistoryOptions {
  /** Runs kept, newest first (default 50). */
  limit?: number;
  /** Told once when a corrupt file was set aside. */
  onWarning?: (message: string) => void;
}

/** history.json holds 50 runs; this is far past any real one and keeps a planted file out of memory. */
const maxHistoryBytes = 32 * 1024 * 1024;

/**
 * The last runs, newest first, kept in one JSON file across restarts. Each add re-reads,
 * merges and atomically replaces the file while holding `<file>.lock`, so runs saved at
 * once by several CLIs and the editor all land. A file that cannot be read as history is
 * renamed aside (never deleted) with a warning.
 */
export class RunHistory {
  private runs: PipelineRun[] = [];
  private readonly changed = new EventEmitter<readonly PipelineRun[]>();
  private writing: Promise<void> = Promise.resolve();
  /** The list changed (loaded or a run added). */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly file: string,
    private readonly options: RunHistoryOptions = {},
  ) {}

  get list(): readonly PipelineRun[] {
    return this.runs;
  }

  async load(): Promise<readonly PipelineRun[]> {
    this.runs = await this.readFile();
    this.changed.fire(this.runs);
    return this.runs;
  }

  /** Adds (or replaces, by id) a run and saves; serialized so concurrent adds keep both. */
  add(run: PipelineRun): Promise<void> {
    const next = this.writing.then(async () => {
      this.runs = await withFileLock(`${this.file}.lock`, 'the run history', async () => {
        const onDisk = await this.readFile();
        const limit = this.options.limit ?? 50;
        const runs = [structuredClone(run), ...onDisk.filter((r) => r.id !== run.id)].sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
        await writeFileAtomic(this.file, JSON.stringify({ version: 1, runs }, null, 1));
        return runs;
      });
      this.changed.fire(this.runs);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async readFile(): Promise<PipelineRun[]> {
    let text: string;
    try {
      text = (await readFileCapped(this.file, maxHistoryBytes, 'the run history')).toString('utf8');
    } catch (error) {
      if (DevopsError.is(error, 'not-found')) return [];
      // Too large, or not a file: set aside like a corrupt one, so a new history can start.
      if (DevopsError.is(error, 'invalid-data')) return this.setAside(error.message);
      throw error;
    }
    let problem: string;
    try {
      const parsed = historyFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data.runs;
      problem = `unexpected content at ${parsed.error.issues[0]?.path.join('.') || 'top level'}`;
    } catch (error) {
      problem = `not JSON (${(error as Error).message})`;
    }
    return this.setAside(problem);
  }

  private async setAside(problem: string): Promise<PipelineRun[]> {
    const aside = `${this.file}.corrupt-${Date.now()}`;
    await rename(this.file, aside);
    this.options.onWarning?.(`Run history ${this.file} could not be read (${problem}); it was kept as ${aside} and a new history started.`);
    return [];
  }
}

import { EventEmitter } from '../../refresh/eventEmitter';
import type { Disposable, Event } from '../../refresh/eventEmitter';
import type { RefreshJobContext } from '../../refresh/refreshJob';
import type { RefreshScheduler } from '../../refresh/refreshScheduler';
import type { CiProvider } from '../ciProvider';
import { isFinished } from '../ciTypes';
import type { LogChunk, LogTarget } from '../ciTypes';
import { LogDocument } from './logDocument';
import type { LogDocumentOptions } from './logDocument';

// Keeps one open log up to date through the refresh scheduler. Providers that stream
// (GitLab trace, Jenkins progressive text) are read from the last offset, so lines
// only ever append; the others are read once, and again when the job has ended.
// Polling stops for good once the log is complete.

export interface CiLogFollowerOptions {
  provider: CiProvider;
  scheduler: RefreshScheduler;
  /** The log's owner as currently known (the job's status changes while it runs). */
  target: () => LogTarget;
  /** Markers, size cap, GitHub steps. */
  document: LogDocumentOptions;
  /** Interval between reads while the job runs; default 5 s. */
  intervalMs?: number;
  /** Scheduler job id and interest topic; the open editor declares interest in it. */
  id: string;
}

/** What to redraw. */
export type CiLogChange =
  /** Lines [fromLine, toLine) were added; `seq` numbers appends so a gap can be noticed. */
  | { kind: 'append'; fromLine: number; toLine: number; seq: number }
  /** Redraw all: the log was read whole again, or a read failed or recovered. */
  | { kind: 'reset' }
  /** Nothing more will come. */
  | { kind: 'end' };

export class CiLogFollower implements Disposable {
  private readonly changes = new EventEmitter<CiLogChange>();
  /** Appends, resets and the end. */
  readonly onDidChange: Event<CiLogChange> = this.changes.event;
  private doc: LogDocument;
  private offset = 0;
  private seq = 0;
  private done = false;
  private readOnce = false;
  private failed: string | undefined;
  private registration: Disposable | undefined;

  constructor(private readonly options: CiLogFollowerOptions) {
    this.doc = new LogDocument(options.document);
  }

  get document(): LogDocument {
    return this.doc;
  }

  get complete(): boolean {
    return this.done;
  }

  start(): Disposable {
    this.registration ??= this.options.scheduler.register({
      id: this.options.id,
      topic: this.options.id,
      run: (context) => this.poll(context),
      idleIntervalMs: this.options.intervalMs ?? 5000,
      timeoutMs: 120_000,
      group: 'ci-log',
    });
    return { dispose: () => this.dispose() };
  }

  dispose(): void {
    this.registration?.dispose();
    this.registration = undefined;
    this.changes.dispose();
  }

  /** Why the last read failed, until a read succeeds; the scheduler retries with backoff. */
  get failure(): string | undefined {
    return this.failed;
  }

  private async poll(context: RefreshJobContext): Promise<void> {
    if (this.done) return;
    try {
      await this.read(context);
      if (this.failed !== undefined) {
        this.failed = undefined;
        this.changes.fire({ kind: 'reset' });
      }
    } catch (error) {
      if (context.signal.aborted) throw error;
      // Shown in place of the log so a failing read is not an endless "Loading…".
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.failed) {
        this.failed = message;
        this.changes.fire({ kind: 'reset' });
      }
      throw error;
    }
  }

  private async read(context: RefreshJobContext): Promise<void> {
    const { provider } = this.options;
    const target = this.options.target();
    const finished = isFinished(target.job?.status ?? target.run.status);
    if (provider.streamLog) {
      const chunk = await provider.streamLog(target, this.offset, context.signal);
      this.offset = chunk.nextOffset;
      this.take(chunk);
      if (chunk.complete) this.end();
      return;
    }
    if (this.readOnce && !finished) return;
    const chunk = await provider.readLog(target, context.signal);
    // Nothing was taken in before the first read, so only a later one redraws.
    this.doc = new LogDocument(this.documentOptions(target));
    if (this.readOnce) this.changes.fire({ kind: 'reset' });
    this.readOnce = true;
    this.take(chunk);
    if (finished || chunk.notice?.kind === 'expired') this.end();
  }

  // A log read whole is cut into the job's steps as they are now: a step that had not
  // started when the log was opened has a start time by the time the job ended.
  private documentOptions(target: LogTarget): LogDocumentOptions {
    const { document } = this.options;
    if (document.steps === undefined || !target.job) return document;
    return { ...document, steps: target.job.steps.map((step) => ({ name: step.name, startedAt: step.startedAt })) };
  }

  private take(chunk: LogChunk): void {
    const from = this.doc.lines.length;
    const notices = this.doc.notices.length;
    if (chunk.notice) this.doc.addNotice(chunk.notice);
    this.doc.append(chunk.text);
    if (chunk.complete) this.doc.finish();
    const to = this.doc.lines.length;
    // A new notice sits above the lines and moves them all: a log that is only a notice
    // ("not available yet") would otherwise stay "Loading log…" in the editor.
    if (this.doc.notices.length > notices) this.changes.fire({ kind: 'reset' });
    else if (to > from) this.changes.fire({ kind: 'append', fromLine: from, toLine: to, seq: ++this.seq });
  }

  private end(): void {
    this.done = true;
    this.doc.finish();
    this.changes.fire({ kind: 'end' });
    // Unregister after this run returns; the scheduler tolerates removal from inside a job.
    queueMicrotask(() => {
      this.registration?.dispose();
      this.registration = undefined;
    });
  }
}

// Runs a regular expression from devops.yaml (a health probe's bodyMatch) against a body
// in a worker thread with a deadline. JavaScript's engine backtracks: a pattern such as
// (a+)+$ on "aaaa…!" runs for minutes and would stall the extension host; in the worker
// it only costs that thread, which is ended when the probe's time is up.
import { Worker } from 'node:worker_threads';
import { setSafeTimeout } from '../../core/safeTimers';

/** How a match ended: matched or not, or not finished before the deadline. */
export type BodyMatch = 'match' | 'no-match' | 'timeout';

// Plain JavaScript, evaluated in the worker: it needs nothing from the bundle.
const workerSource = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, source, text }) => {
  let matched = false;
  try { matched = new RegExp(source).test(text); } catch { matched = false; }
  parentPort.postMessage({ id, matched });
});
`;

interface Job {
  id: number;
  source: string;
  text: string;
  deadline: number;
  resolve: (result: BodyMatch) => void;
}

/** One worker for every probe of the process, started on first use; idle, it keeps no process alive. */
export class BodyMatcher {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: ReturnType<typeof setTimeout> } | undefined;
  private nextId = 0;

  /** Tests `source` (a JavaScript pattern already known to compile) against `text` within `timeoutMs`. */
  match(source: string, text: string, timeoutMs: number): Promise<BodyMatch> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, source, text, deadline: Date.now() + timeoutMs, resolve });
      this.pump();
    });
  }

  /** Ends the worker; later calls start a new one. */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref();
      return;
    }
    const left = job.deadline - Date.now();
    if (left <= 0) return this.finish(job, 'timeout');
    const worker = this.workerNow();
    worker.ref();
    // Past the deadline the worker may be stuck in the pattern: only ending it stops it.
    const timer = setSafeTimeout(() => {
      this.dispose();
      this.finish(job, 'timeout');
    }, left);
    this.current = { job, timer };
    worker.postMessage({ id: job.id, source: job.source, text: job.text });
  }

  private workerNow(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerSource, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    worker.on('message', (answer: { id: number; matched: boolean }) => {
      const current = this.current;
      if (current?.job.id === answer.id) this.finish(current.job, answer.matched ? 'match' : 'no-match');
    });
    // A worker that dies (out of memory) fails its job as a timeout; the next job starts another.
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.current) this.finish(this.current.job, 'timeout');
    });
    worker.on('error', () => undefined);
    this.worker = worker;
    return worker;
  }

  private finish(job: Job, result: BodyMatch): void {
    if (this.current?.job === job) {
      clearTimeout(this.current.timer);
      this.current = undefined;
    }
    job.resolve(result);
    this.pump();
  }
}

let shared: BodyMatcher | undefined;

/** The process's matcher: one worker thread however many probes match bodies. */
export function sharedBodyMatcher(): BodyMatcher {
  shared ??= new BodyMatcher();
  return shared;
}

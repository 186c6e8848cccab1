// The types a caller of the refresh scheduler sees: what a job is, and how it is doing.

/** What a running job can use. */
export interface RefreshJobContext {
  /** Aborted on timeout, on unregistering and on scheduler dispose. */
  signal: AbortSignal;
  /** Asks not to be run again before `time` (ms since epoch), e.g. from Retry-After. */
  delayUntil(time: number): void;
}

/** A periodic piece of work: a probe round, a CI poll, a metrics scrape. */
export interface RefreshJobSpec {
  /** Unique among registered jobs, e.g. "services/api". */
  id: string;
  /** Interest topic; the job runs only while someone is interested in it (see addInterest). */
  topic: string;
  /** The work. A rejection counts as a failure; it must honour `context.signal`. */
  run(context: RefreshJobContext): Promise<void>;
  /** Interval while idle. */
  idleIntervalMs: number;
  /** Interval while `isActive()` says something is going on (a run, an outage); default idle. */
  activeIntervalMs?: number;
  /** Whether the fast interval applies now; asked after every run. */
  isActive?(): boolean;
  /** A run that takes longer is aborted and counted as a failure. */
  timeoutMs: number;
  /** Concurrency group; the scheduler's per-group limit applies, else the default one. */
  group?: string;
  /** Fraction of the interval to vary by, 0..1; default 0.1. */
  jitter?: number;
  /** Whether to run as soon as registered (default) or after one interval. */
  runImmediately?: boolean;
}

/** Where a job stands. */
export type RefreshJobState = 'waiting' | 'running' | 'paused' | 'backing-off';

/** A job's observable status, e.g. for a "stale since …" tooltip. */
export interface RefreshJobStatus {
  /** The job's id. */
  id: string;
  /** The job's interest topic. */
  topic: string;
  /** Current state. */
  state: RefreshJobState;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** Set after repeated failures: when the data last was fresh (last success, else the first failure). */
  staleSince?: number;
  /** When the last run ended. */
  lastRunAt?: number;
  /** When the last successful run ended. */
  lastSuccessAt?: number;
  /** One-line reason of the last failure. */
  lastError?: string;
  /** When the job is next due; undefined while running or paused. */
  nextRunAt?: number;
}

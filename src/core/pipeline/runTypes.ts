import type { StageConfig } from '../config/schema';

/** waiting: not started yet (needs or a free slot); the rest are final except running. */
export type StageStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One failed test case as a JUnit report names it. */
export interface FailedTest {
  /** Suite (or classname) and test name, e.g. "math > adds". */
  name: string;
  /** Failure message, first line. */
  message: string;
  /** File the report names, relative to the workspace when it is inside it. */
  file?: string;
  /** 1-based line, when the report gives one. */
  line?: number;
}

/** Counts read from a stage's JUnit reports. */
export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Failed tests, in report order. */
  failures: FailedTest[];
}

/** One stage inside one run. */
export interface StageRun {
  name: string;
  kind: StageConfig['kind'];
  status: StageStatus;
  /** Epoch ms when it started running. */
  startedAt?: number;
  /** Epoch ms when it reached a final status. */
  endedAt?: number;
  /** endedAt - startedAt, when both are known. */
  durationMs?: number;
  /** Exit code of its command; null when a signal ended it. */
  exitCode?: number | null;
  /** Why it did not succeed (or a note on success), one sentence. */
  reason?: string;
  /** Absolute path of its log file. */
  logFile: string;
  /** Test results, when the stage names reports. */
  tests?: TestSummary;
}

/** One pipeline run: what the history keeps and the Pipeline view shows. */
export interface PipelineRun {
  id: string;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  /** Commit checked out when it started. */
  commit?: string;
  branch?: string;
  /** Who started it (git user.name, else the OS user). */
  who: string;
  /** Stages asked for; empty means the whole pipeline. */
  requested: string[];
  stages: StageRun[];
}

/** What is known about the workspace when a run starts. */
export interface RunOrigin {
  commit?: string;
  branch?: string;
  who: string;
}

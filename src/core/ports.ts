// Interfaces the core needs from outside. Implementations live in backends/ (plain Node)
// and vscode/ (editor-specific, e.g. the workspace-trust gate); tests pass real ones.

/** What to start: a shell command line or an executable with arguments. */
export interface ProcessSpec {
  /** Shell command line (run by /bin/sh -c or cmd.exe /c), as CI `run:` steps are. */
  command: string;
  /** Working directory; absolute. */
  cwd: string;
  /** Extra environment variables, merged over the runner's environment. */
  env?: Record<string, string>;
  /** Ends the process tree after this many milliseconds. */
  timeoutMs?: number;
  /** Aborting ends the process tree (terminate, then kill after a grace period). */
  signal?: AbortSignal;
}

/** How a started process ended. */
export interface ProcessExit {
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  /** Signal name when ended by one. */
  signal: string | null;
  /** Why the runner ended it, when it did. */
  endedBy?: 'timeout' | 'abort';
}

/** A process that is running. */
export interface RunningProcess {
  /** Process id of the process group leader. */
  pid: number;
  /** Raw stdout chunks, in order. */
  onStdout(listener: (chunk: Buffer) => void): void;
  /** Raw stderr chunks, in order. */
  onStderr(listener: (chunk: Buffer) => void): void;
  /** Resolves once the process and its output streams are done. */
  exited: Promise<ProcessExit>;
}

/** The one way to start a process. Refuses with DevopsError('untrusted') in an untrusted workspace. */
export interface ProcessRunner {
  start(spec: ProcessSpec): RunningProcess;
}

/** Wall clock and timers, replaceable in tests. */
export interface Clock {
  now(): number;
}

/** Secrets by key; backed by SecretStorage in the editor. */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

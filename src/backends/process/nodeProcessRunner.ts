import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DevopsError } from '../../core/errors';
import type { ProcessExit, ProcessRunner, ProcessSpec, RunningProcess } from '../../core/ports';
import { endGroup, groupAlive } from './processGroup';
import { setSafeTimeout } from '../../core/safeTimers';

export interface NodeProcessRunnerOptions {
  /** Asked before every start; false refuses with DevopsError('untrusted'). */
  isTrusted: () => boolean;
  /** Milliseconds between SIGTERM and SIGKILL when a tree is ended (default 3000). */
  graceMs?: number;
}

/** A running process whose output can be paused, so a slow reader pushes back on the writer. */
export interface FlowControlledProcess extends RunningProcess {
  /** Stops reading stdout/stderr; the child blocks once the pipe buffer is full. */
  pause(): void;
  /** Starts reading again. */
  resume(): void;
}

/**
 * The one place a process starts. Command lines run through the shell like CI `run:`
 * steps, an argv spec (file + args) without one; each in its own process group so
 * timeout and abort end the whole tree; whatever the shell leaves running when it exits
 * is ended too, as a CI job's step would be. `exited` rejects with
 * DevopsError('not-found') when cwd or the executable does not exist.
 */
export class NodeProcessRunner implements ProcessRunner {
  private readonly graceMs: number;

  constructor(private readonly options: NodeProcessRunnerOptions) {
    this.graceMs = options.graceMs ?? 3000;
  }

  start(spec: ProcessSpec): FlowControlledProcess {
    if (!this.options.isTrusted()) throw new DevopsError('untrusted', 'The workspace is not trusted: nothing may run.');
    if (spec.signal?.aborted) throw new DevopsError('cancelled', 'Cancelled before it started.');
    const { file, args } = executableOf(spec);
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, ...spec.contextEnv },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdoutListeners: ((chunk: Buffer) => void)[] = [];
    const stderrListeners: ((chunk: Buffer) => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdoutListeners.forEach((l) => l(chunk)));
    child.stderr.on('data', (chunk: Buffer) => stderrListeners.forEach((l) => l(chunk)));

    let endedBy: ProcessExit['endedBy'];
    let ending: Promise<void> | undefined;
    const endTree = (why: 'timeout' | 'abort'): void => {
      if (ending || child.pid === undefined) return;
      endedBy = why;
      ending = endGroup(child.pid, this.graceMs);
    };
    const onAbort = (): void => endTree('abort');
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = spec.timeoutMs === undefined ? undefined : setSafeTimeout(() => endTree('timeout'), spec.timeoutMs);

    const exited = new Promise<ProcessExit>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        cleanup();
        reject(spawnError(error, spec));
      });
      child.once('exit', () => {
        // Leftovers of the tree (background jobs) would otherwise hold the pipes open forever.
        if (!ending && child.pid !== undefined && groupAlive(child.pid)) ending = endGroup(child.pid, this.graceMs);
      });
      child.once('close', (code, signal) => {
        cleanup();
        void (ending ?? Promise.resolve()).then(() => resolve({ code, signal, ...(endedBy ? { endedBy } : {}) }));
      });
    });
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    };
    return {
      pid: child.pid ?? -1,
      onStdout: (listener) => void stdoutListeners.push(listener),
      onStderr: (listener) => void stderrListeners.push(listener),
      exited,
      pause: () => {
        child.stdout.pause();
        child.stderr.pause();
      },
      resume: () => {
        child.stdout.resume();
        child.stderr.resume();
      },
    };
  }
}

function executableOf(spec: ProcessSpec): { file: string; args: readonly string[] } {
  if (spec.command === undefined) return { file: spec.file, args: spec.args };
  return process.platform === 'win32' ? { file: 'cmd.exe', args: ['/d', '/s', '/c', spec.command] } : { file: '/bin/sh', args: ['-c', spec.command] };
}

/** The command as a person reads it in a message. */
export function describeSpec(spec: ProcessSpec): string {
  return spec.command ?? [spec.file, ...spec.args].join(' ');
}

function spawnError(error: NodeJS.ErrnoException, spec: ProcessSpec): DevopsError {
  if (error.code === 'ENOENT' && !existsSync(spec.cwd)) return new DevopsError('not-found', `working directory does not exist: ${spec.cwd}`, { cause: error });
  if (error.code === 'ENOENT') return new DevopsError('not-found', `${spec.file ?? '/bin/sh'} was not found (is it installed and on PATH?)`, { cause: error });
  return new DevopsError('io', `could not start "${describeSpec(spec)}": ${error.message}`, { cause: error });
}

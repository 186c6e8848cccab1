import { DevopsError, isCancellation } from '../../core/errors';
import type { ProcessRunner } from '../../core/ports';

/** How one git command may end and how long it may take. */
export interface GitCallOptions {
  /** Aborting ends git (and what it started). */
  signal?: AbortSignal;
  /** Ends git after this long; default 60 s. */
  timeoutMs?: number;
  /** Exit codes that are answers rather than failures (e.g. 1 for "no such config key"). */
  accept?: readonly number[];
}

/** What one git command printed and how it ended. */
export interface GitResult {
  /** Exit code. */
  code: number;
  /** Standard output, as text. */
  stdout: string;
}

// Larger than any listing the product asks for; a runaway output must not fill memory.
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

// No credential prompt (a push that needs one fails instead of waiting forever), and no
// index lock taken by read-only commands, so the user's own git never finds one held.
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

/**
 * Runs `git <args>` in `dir` through the ProcessRunner, as an argument list (no shell, so
 * a branch name or message is never parsed by one). Rejects with a typed error: untrusted
 * (Restricted Mode), cancelled, timeout, or io with git's own first line of complaint.
 */
export async function runGit(runner: ProcessRunner, dir: string, args: readonly string[], options: GitCallOptions = {}): Promise<GitResult> {
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) throw new DevopsError('cancelled', `git ${args[0] ?? ''} was cancelled`);
    const git = runner.start({ purpose: { kind: 'internal' }, file: 'git', args, cwd: dir, contextEnv: GIT_ENV, timeoutMs: options.timeoutMs ?? 60_000, signal: local.signal });
    const stdout: Buffer[] = [];
    let stderr = '';
    let size = 0;
    let tooLarge = false;
    git.onStdout((chunk) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        tooLarge = true;
        local.abort();
      } else stdout.push(chunk);
    });
    git.onStderr((chunk) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    const exit = await git.exited;
    if (tooLarge) throw new DevopsError('invalid-data', `git ${args[0] ?? ''} printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`);
    if (exit.endedBy === 'timeout') throw new DevopsError('timeout', `git ${args[0] ?? ''} did not finish in time`);
    if (exit.endedBy === 'abort') throw new DevopsError('cancelled', `git ${args[0] ?? ''} was cancelled`);
    const code = exit.code ?? -1;
    if (code !== 0 && !(options.accept ?? []).includes(code)) {
      const complaint = stderr.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? `exit code ${exit.code ?? exit.signal}`;
      throw new DevopsError('io', `git ${args[0] ?? ''} failed: ${complaint}`);
    }
    return { code, stdout: Buffer.concat(stdout).toString('utf8') };
  } catch (error) {
    if (isCancellation(error) && !DevopsError.is(error)) throw new DevopsError('cancelled', `git ${args[0] ?? ''} was cancelled`, { cause: error });
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Non-empty lines of an output. */
export function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trimEnd()).filter((line) => line !== '');
}

/** Entries of a NUL-separated output (`-z`). */
export function entries(text: string): string[] {
  return text.split('\0').filter((entry) => entry !== '');
}

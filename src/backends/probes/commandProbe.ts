// Command health probe: exit code 0 means healthy (pg_isready, redis-cli ping, a script).
// Runs through the ProcessRunner port, so workspace trust is checked in one place.
import { DevopsError } from '../../core/errors';
import type { ProcessRunner } from '../../core/ports';
import type { HealthProbe, ProbeResult } from '../../core/services/healthTypes';
import { judgeLatency, result } from './probeOutcome';

export interface CommandProbeOptions {
  /** Shell command line. */
  command: string;
  /** Working directory, absolute. */
  cwd: string;
  /** The one process runner. */
  runner: ProcessRunner;
  /** Ends the process tree after this long. */
  timeoutMs: number;
  /** Latency above which a success counts as degraded. */
  degradedMs?: number;
  /** Clock; Date.now by default. */
  now?: () => number;
}

const tailChars = 200;

export function createCommandProbe(options: CommandProbeOptions): HealthProbe {
  const now = options.now ?? Date.now;
  const target = `$ ${options.command}`;
  return {
    target,
    async check(signal: AbortSignal): Promise<ProbeResult> {
      if (options.command.trim() === '') return result('unknown', 'invalid-target', 'Empty command', now());
      const started = performance.now();
      let output = '';
      const keep = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-tailChars);
      };
      try {
        const process = options.runner.start({ command: options.command, cwd: options.cwd, timeoutMs: options.timeoutMs, signal });
        process.onStdout(keep);
        process.onStderr(keep);
        const exit = await process.exited;
        const latencyMs = Math.round(performance.now() - started);
        if (exit.endedBy === 'timeout') return result('down', 'timeout', `No exit within ${options.timeoutMs} ms`, now());
        if (exit.endedBy === 'abort' || signal.aborted) return result('unknown', 'cancelled', 'Check cancelled', now());
        if (exit.code === 0) return judgeLatency(`Exit 0 in ${latencyMs} ms`, latencyMs, options.degradedMs, now());
        const how = exit.code === null ? `ended by ${exit.signal ?? 'a signal'}` : `exit ${exit.code}`;
        const tail = lastLine(output);
        return result('down', 'exit-code', tail ? `${how}: ${tail}` : how, now(), latencyMs);
      } catch (error) {
        if (DevopsError.is(error, 'untrusted')) return result('unknown', 'untrusted', 'Commands do not run in an untrusted workspace', now());
        if (signal.aborted) return result('unknown', 'cancelled', 'Check cancelled', now());
        return result('unknown', 'error', `Could not run: ${error instanceof Error ? error.message : String(error)}`, now());
      }
    },
  };
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

// Command health probe: exit code 0 means healthy (pg_isready, redis-cli ping, a script).
// Runs through the ProcessRunner port, so workspace trust and approval are checked in one
// place; the approver asks the user (by a note, never a modal: probes run in the background).
import { DevopsError } from '../../core/errors';
import type { ApprovableCommand, CommandApprover, ProcessRunner } from '../../core/ports';
import type { HealthProbe, ProbeResult } from '../../core/services/healthTypes';
import { judgeLatency, result } from './probeOutcome';

export interface CommandProbeOptions {
  /** The service probed; names the command in its approval. */
  service: string;
  /** Shell command line. */
  command: string;
  /** Working directory, absolute. */
  cwd: string;
  /** The one process runner. */
  runner: ProcessRunner;
  /** Asks the user to approve the command; absent where starting it is the approval (the CLI). */
  approver?: CommandApprover;
  /** Ends the process tree after this long. */
  timeoutMs: number;
  /** Latency above which a success counts as degraded. */
  degradedMs?: number;
  /** Clock; Date.now by default. */
  now?: () => number;
}

const tailChars = 200;

/** What a command probe runs, as its approval shows it: the editor asks for exactly this. */
export function probeCommand(service: string, command: string, cwd: string): ApprovableCommand {
  return { purpose: { kind: 'probe', source: service }, command, cwd, env: {} };
}

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
      const command = probeCommand(options.service, options.command, options.cwd);
      try {
        if (options.approver && !(await options.approver.ensureApproved([command], 'background'))) {
          return result('unknown', 'not-approved', 'Waiting for your approval of its command (Check Services Now asks again)', now());
        }
        const process = options.runner.start({ ...command, timeoutMs: options.timeoutMs, signal });
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
        if (DevopsError.is(error, 'not-approved')) return result('unknown', 'not-approved', 'Its command is not approved as it is now', now());
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

// Streams the output of a log command (`kubectl logs -f`, `docker logs -f`, `journalctl -f`)
// through the ProcessRunner, so workspace trust and approval apply. stdout and stderr are
// both log lines: `docker logs` forwards the container's stderr to its own.
import { DevopsError } from '../../core/errors';
import type { LineBatch, LogSink, LogSource, LogSourceStatus } from '../../core/monitor/logTypes';
import type { ApprovableCommand, ProcessExit, ProcessRunner } from '../../core/ports';
import { LineSplitter } from './lineSplitter';

export interface CommandLogSourceOptions {
  /** Source column name. */
  name: string;
  /** Shell command line that keeps printing log lines. */
  command: string;
  /** Working directory; absolute. */
  cwd: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** The one process runner (checks workspace trust). */
  runner: ProcessRunner;
  /** Longer lines keep their head only; default 64 KiB. */
  maxLineBytes?: number;
  /** An exit sooner than this is reported as "exited at once"; default 3 s. */
  quickExitMs?: number;
}

export class CommandLogSource implements LogSource {
  readonly name: string;
  /** What it runs, as its approval shows it. */
  readonly approvable: ApprovableCommand;

  constructor(private readonly options: CommandLogSourceOptions) {
    this.name = options.name;
    this.approvable = { purpose: { kind: 'log', source: options.name }, command: options.command, cwd: options.cwd, env: { ...options.env } };
  }

  async follow(sink: LogSink, signal: AbortSignal): Promise<void> {
    const { command, runner } = this.options;
    const report = (status: LogSourceStatus): void => sink.status(this.name, status);
    if (signal.aborted) return;
    const started = Date.now();
    report({ state: 'starting', message: `Running ${command}` });
    let running;
    try {
      running = runner.start({ ...this.approvable, signal });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const refused = DevopsError.is(error, 'untrusted') || DevopsError.is(error, 'not-approved');
      report({ state: 'error', message: refused ? `Not run: ${why}` : `Cannot run ${command}: ${why}` });
      return;
    }
    report({ state: 'following', message: `Following ${command}` });
    const stdout = new LineSplitter(this.options.maxLineBytes);
    const stderr = new LineSplitter(this.options.maxLineBytes);
    let lineCount = 0;
    let lastError = '';
    const emit = (lines: LineBatch): void => {
      if (lines.length === 0) return;
      lineCount += lines.length;
      sink.lines(this.name, lines);
    };
    running.onStdout((chunk) => emit(stdout.push(chunk)));
    running.onStderr((chunk) => {
      const lines = stderr.push(chunk);
      // Only the last lines are decoded here; the sink decodes the rest when it needs them.
      for (let i = lines.length - 1; i >= 0; i--) {
        const text = lines.text(i).trim();
        if (text === '') continue;
        lastError = text;
        break;
      }
      emit(lines);
    });
    let exit: ProcessExit;
    try {
      exit = await running.exited;
    } catch (error) {
      report({ state: 'error', message: `${command} failed: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    emit(stdout.end());
    emit(stderr.end());
    if (signal.aborted || exit.endedBy === 'abort') {
      report({ state: 'ended', message: `Stopped ${command}` });
      return;
    }
    report(describeExit(command, exit, Date.now() - started, lineCount, lastError, this.options.quickExitMs ?? 3000));
  }
}

/** A sentence that says why the log stream stopped; exported for the CLI's own use. */
export function describeExit(command: string, exit: ProcessExit, elapsedMs: number, lines: number, lastError: string, quickExitMs: number): LogSourceStatus {
  const after = `after ${(elapsedMs / 1000).toFixed(1)} s`;
  const detail = lastError ? `: ${lastError}` : '';
  if (exit.endedBy === 'timeout') return { state: 'error', message: `${command} was ended by its time limit ${after}` };
  if (exit.signal) return { state: 'error', message: `${command} was ended by ${exit.signal} ${after}${detail}` };
  if (exit.code !== 0) return { state: 'error', message: `${command} exited with code ${exit.code} ${after}${detail}` };
  if (elapsedMs < quickExitMs) {
    const output = lines === 0 ? 'without output' : `after ${lines} line${lines === 1 ? '' : 's'}`;
    return { state: 'error', message: `${command} exited at once ${output}; a log command must keep running (e.g. "kubectl logs -f", "journalctl -f")` };
  }
  return { state: 'ended', message: `${command} ended (exit code 0) ${after}` };
}

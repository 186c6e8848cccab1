import { durationText } from '../duration';
import type { ProcessExit } from '../ports';

/** First word of a shell command line: the program the shell looks up. */
export function programOf(command: string): string {
  const match = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(\S+)/.exec(command);
  return match?.[1] ?? command.trim();
}

/**
 * One sentence saying why a process did not succeed, or undefined when it exited 0.
 * POSIX shells report a missing program as 127 and a non-executable one as 126.
 */
export function describeExit(exit: ProcessExit, command: string, timeoutMs?: number): string | undefined {
  if (exit.endedBy === 'abort') return 'cancelled';
  if (exit.endedBy === 'timeout') return timeoutMs === undefined ? 'timed out' : `timed out after ${durationText(timeoutMs)}`;
  if (exit.code === 0) return undefined;
  if (exit.code === 127) return `command not found: ${programOf(command)}`;
  if (exit.code === 126) return `command not executable: ${programOf(command)}`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return `ended by signal ${exit.signal ?? 'unknown'}`;
}

import type { Problem } from '../config/problem';

/**
 * A bug in a check must not take the editor or the CLI down: the loaders turn anything
 * thrown into one problem that says what failed, in one line, without a stack.
 */
export function unexpectedProblem(file: string, what: string, error: unknown): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'internal-error', message: `could not check ${what}: ${reason.split('\n', 1)[0]}` };
}

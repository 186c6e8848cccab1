/** One positioned finding about a file the user wrote (devops.yaml, a sprint file…). */
export interface Problem {
  /** Absolute or workspace-relative path of the file the problem is in. */
  file: string;
  /** 1-based line of the start of the offending text. */
  line: number;
  /** 1-based column of the start of the offending text. */
  column: number;
  /** 1-based line where the offending text ends. */
  endLine: number;
  /** 1-based column just past the offending text. */
  endColumn: number;
  severity: 'error' | 'warning';
  /** One sentence a user can act on; never a stack trace. */
  message: string;
  /** Stable machine-readable kind, e.g. "unknown-key", "yaml-syntax", "cycle". */
  code: string;
}

/** An error about a whole file (too large, unreadable, refused), placed at its start. */
export function fileError(file: string, code: string, message: string): Problem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code, message };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** `path:line:col: error|warning: message`, the format compilers use and editors link. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

/** File order: line, then column. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

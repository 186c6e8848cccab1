import * as vscode from 'vscode';
import type { Problem } from '../../core/config/problem';

/** Problem positions are 1-based (as compilers print them); VS Code ranges are 0-based. */
export function problemToRange(problem: Problem): vscode.Range {
  const startLine = Math.max(0, problem.line - 1);
  const startColumn = Math.max(0, problem.column - 1);
  const endLine = Math.max(startLine, problem.endLine - 1);
  const endColumn = endLine === startLine ? Math.max(startColumn, problem.endColumn - 1) : Math.max(0, problem.endColumn - 1);
  return new vscode.Range(startLine, startColumn, endLine, endColumn);
}

export function problemToDiagnostic(problem: Problem): vscode.Diagnostic {
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(problemToRange(problem), problem.message, severity);
  diagnostic.source = 'devops';
  diagnostic.code = problem.code;
  return diagnostic;
}

import * as vscode from 'vscode';
import type { Problem } from '../../core/config/problem';
import { DisposableOwner } from '../disposableStore';
import { problemToDiagnostic } from './problemRange';

/** The Problems panel entries of every file the extension reads (devops.yaml, the sprint file…). */
export class ProblemsPublisher extends DisposableOwner {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('devops'));

  /** Replaces the problems of one file; problems naming another file go to that file. */
  set(uri: vscode.Uri, problems: readonly Problem[]): void {
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    byFile.set(uri.toString(), { uri, diagnostics: [] });
    for (const problem of problems) {
      const target = this.uriOf(problem, uri);
      const entry = byFile.get(target.toString()) ?? { uri: target, diagnostics: [] };
      entry.diagnostics.push(problemToDiagnostic(problem));
      byFile.set(target.toString(), entry);
    }
    for (const { uri: target, diagnostics } of byFile.values()) this.collection.set(target, diagnostics);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** Every published problem, for the "Reveal problem…" picker. */
  all(): [vscode.Uri, readonly vscode.Diagnostic[]][] {
    const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = [];
    this.collection.forEach((uri, diagnostics) => {
      if (diagnostics.length > 0) entries.push([uri, diagnostics]);
    });
    return entries;
  }

  private uriOf(problem: Problem, parsed: vscode.Uri): vscode.Uri {
    if (problem.file === parsed.fsPath || problem.file === '') return parsed;
    if (isAbsolutePath(problem.file)) return vscode.Uri.file(problem.file);
    return vscode.Uri.joinPath(parsed, '..', problem.file);
  }
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

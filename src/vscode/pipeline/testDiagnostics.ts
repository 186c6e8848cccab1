import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { FailedTest, PipelineRun } from '../../core/pipeline/runTypes';
import { DisposableOwner } from '../disposableStore';

/** Where a failed test points: the file the report names, resolved against the workspace. */
export function failedTestLocation(workspace: string, test: FailedTest): vscode.Location | undefined {
  if (!test.file) return undefined;
  const uri = vscode.Uri.file(isAbsolute(test.file) ? test.file : join(workspace, test.file));
  const line = Math.max(0, (test.line ?? 1) - 1);
  return new vscode.Location(uri, new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER));
}

/**
 * Failed tests in the Problems panel, in a collection of their own ("devops-tests").
 * Each stage's entries are replaced when that stage reports again, so a stage that now
 * passes clears its problems and other stages' stay.
 */
export class TestDiagnostics extends DisposableOwner {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('devops-tests'));
  private readonly byStage = new Map<string, { location: vscode.Location; diagnostic: vscode.Diagnostic }[]>();

  /** Takes the test results of a finished run. */
  update(workspace: string, run: PipelineRun): void {
    for (const stage of run.stages) {
      if (!stage.tests) continue;
      this.byStage.set(
        stage.name,
        stage.tests.failures.flatMap((test) => {
          const location = failedTestLocation(workspace, test);
          if (!location) return [];
          const diagnostic = new vscode.Diagnostic(location.range, `${test.name}: ${test.message || 'failed'}`, vscode.DiagnosticSeverity.Error);
          diagnostic.source = `devops ${stage.name}`;
          return [{ location, diagnostic }];
        }),
      );
    }
    this.publish();
  }

  private publish(): void {
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const entries of this.byStage.values()) {
      for (const { location, diagnostic } of entries) {
        const key = location.uri.toString();
        const file = byFile.get(key) ?? { uri: location.uri, diagnostics: [] };
        file.diagnostics.push(diagnostic);
        byFile.set(key, file);
      }
    }
    this.collection.clear();
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
  }
}

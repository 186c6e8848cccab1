import * as vscode from 'vscode';
import type { ProblemsPublisher } from './problemsPublisher';
import type { UserPrompts } from '../prompts/userPrompts';

/**
 * "Reveal Problem…": opens a problem of devops.yaml or the sprint file at its position.
 * With a file URI (from a view row) it goes to that file's first problem or lets the
 * user pick among several; without one it offers every problem.
 */
export async function revealProblemCommand(problems: ProblemsPublisher, prompts: UserPrompts, fileUri?: unknown): Promise<void> {
  const wanted = typeof fileUri === 'string' ? fileUri : undefined;
  const entries = problems.all().filter(([uri]) => wanted === undefined || uri.toString() === wanted);
  const choices = entries.flatMap(([uri, diagnostics]) =>
    diagnostics.map((diagnostic) => ({
      label: `$(${diagnostic.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning'}) ${diagnostic.message}`,
      description: `${vscode.workspace.asRelativePath(uri)}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`,
      value: { uri, range: diagnostic.range },
    })),
  );
  if (choices.length === 0) {
    if (wanted) await vscode.window.showTextDocument(vscode.Uri.parse(wanted, true));
    else void prompts.notify({ topic: 'config.noProblems', level: 'info', text: 'DevOps Loop: no problems in devops.yaml or the sprint file.' });
    return;
  }
  const choice = choices.length === 1 ? choices[0].value : await prompts.pick({ topic: 'config.problem', items: choices, placeHolder: 'Problems in devops.yaml and the sprint file' });
  if (!choice) return;
  await vscode.window.showTextDocument(choice.uri, { selection: choice.range });
}

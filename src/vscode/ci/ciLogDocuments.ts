import * as path from 'node:path';
import * as vscode from 'vscode';
import { CiLogFollower } from '../../core/ci/log/ciLogFollower';
import type { LogTarget } from '../../core/ci/ciTypes';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { CiRowTarget } from './ciRows';
import type { CiSession } from './ciSession';

/** URI scheme of CI job logs. */
export const ciLogScheme = 'devops-ci-log';

interface OpenLog {
  follower: CiLogFollower;
  parts: vscode.Disposable[];
}

// CI job logs as read-only virtual documents: the text is LogDocument.render() (ANSI
// stripped, notices on top), folding follows its sections, file:line:col errors go to
// the Problems panel. A running job's log is followed through the one scheduler while
// its document is open, and the document changes as lines arrive.
export class CiLogDocuments implements vscode.TextDocumentContentProvider, vscode.FoldingRangeProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, OpenLog>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('DevOps CI');
  private readonly registrations: vscode.Disposable[];

  constructor(
    private readonly session: CiSession,
    private readonly scheduler: RefreshScheduler,
  ) {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(ciLogScheme, this),
      vscode.languages.registerFoldingRangeProvider({ scheme: ciLogScheme }, this),
      vscode.workspace.onDidCloseTextDocument((doc) => this.close(doc.uri)),
    ];
  }

  /** Opens the log of a job row's job. */
  async show(target: CiRowTarget): Promise<vscode.TextEditor | undefined> {
    const entry = this.session.entry(target.entryKey);
    if (!entry || !target.run) return undefined;
    const logTarget: LogTarget = { run: target.run, job: target.job };
    const name = (target.job?.name ?? target.run.title).replace(/[^\w.-]+/g, '-');
    const uri = vscode.Uri.from({ scheme: ciLogScheme, path: `/${name}.log`, query: `${target.entryKey}|${target.run.id}|${target.job?.id ?? ''}` });
    const key = uri.toString();
    if (!this.open.has(key)) {
      const steps = target.job?.steps.map((step) => ({ name: step.name, startedAt: step.startedAt }));
      const follower = new CiLogFollower({ provider: entry.model.provider, scheduler: this.scheduler, target: () => logTarget, document: { format: entry.config.provider, steps }, id: `ci-log/${key}` });
      const parts = [
        follower.onDidChange(() => {
          this.changed.fire(uri);
          this.publishProblems(uri, follower);
        }),
        follower.start(),
        this.scheduler.addInterest(`ci-log/${key}`),
      ];
      this.open.set(key, { follower, parts });
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const open = this.open.get(uri.toString());
    if (!open) return '[unavailable] This log is no longer followed; open it again from the CI Runs view.';
    const rendered = open.follower.document.render();
    return rendered.text === '' && !open.follower.complete ? 'Loading log…' : rendered.text;
  }

  provideFoldingRanges(doc: vscode.TextDocument): vscode.FoldingRange[] {
    const open = this.open.get(doc.uri.toString());
    if (!open) return [];
    return open.follower.document
      .render()
      .sections.filter((section) => section.endLine > section.startLine)
      .map((section) => new vscode.FoldingRange(section.startLine, section.endLine, vscode.FoldingRangeKind.Region));
  }

  dispose(): void {
    for (const key of [...this.open.keys()]) this.close(vscode.Uri.parse(key));
    for (const registration of this.registrations) registration.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }

  private publishProblems(uri: vscode.Uri, follower: CiLogFollower): void {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of follower.document.problems(200)) {
      const file = path.isAbsolute(problem.file) || !root ? problem.file : path.join(root, problem.file);
      const range = new vscode.Range(problem.line - 1, Math.max(0, problem.column - 1), problem.endLine - 1, Math.max(0, problem.endColumn - 1));
      const diagnostic = new vscode.Diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = `DevOps CI (${uri.path.slice(1)})`;
      diagnostic.code = problem.code;
      byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  private close(uri: vscode.Uri): void {
    const key = uri.toString();
    const open = this.open.get(key);
    if (!open) return;
    this.open.delete(key);
    for (const part of open.parts.reverse()) part.dispose();
  }
}

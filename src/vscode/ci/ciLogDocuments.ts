import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { isFinished } from '../../core/ci/ciTypes';
import type { LogTarget } from '../../core/ci/ciTypes';
import { CiLogFollower } from '../../core/ci/log/ciLogFollower';
import type { LogDocument } from '../../core/ci/log/logDocument';
import { localProblemPath } from '../../core/ci/log/logPaths';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import { CiLogColours } from './ciLogColours';
import type { PaintedColours } from './ciLogColours';
import { CiLogSymbols } from './ciLogSymbols';
import type { CiRowData } from './ciRowData';
import { ciTopic } from './ciSession';
import type { CiSession } from './ciSession';

/** URI scheme of CI job logs. */
export const ciLogScheme = 'devops-ci-log';

interface OpenLog {
  follower: CiLogFollower;
  parts: vscode.Disposable[];
  /** Changes of the log so far, and how many of them the editor has read. */
  changes: number;
  read: number;
}

// CI job logs as read-only virtual documents: the text is LogDocument.render() (no
// escapes, notices on top), colours are decorations (CiLogColours), folding and the
// step symbols (CiLogSymbols) follow its sections, file:line:col errors go to the
// Problems panel. A running job's log is followed through the one scheduler while its
// document is open, and the document changes as lines arrive. The follower asks the runs model for the job's current
// status, so a log learns that its job ended; the model keeps polling meanwhile.
export class CiLogDocuments implements vscode.TextDocumentContentProvider, vscode.FoldingRangeProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, OpenLog>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('DevOps CI');
  /** Problems per log, then per file: several logs may name the same file. */
  private readonly problems = new Map<string, Map<string, vscode.Diagnostic[]>>();
  private readonly colours: CiLogColours;
  private readonly registrations: vscode.Disposable[];

  constructor(
    private readonly session: CiSession,
    private readonly scheduler: RefreshScheduler,
  ) {
    const documentOf = (uri: vscode.Uri): LogDocument | undefined => this.open.get(uri.toString())?.follower.document;
    this.colours = new CiLogColours(ciLogScheme, documentOf);
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(ciLogScheme, this),
      vscode.languages.registerFoldingRangeProvider({ scheme: ciLogScheme }, this),
      new CiLogSymbols(ciLogScheme, documentOf),
      vscode.workspace.onDidCloseTextDocument((doc) => this.close(doc.uri)),
      this.colours,
    ];
  }

  /** Opens the log of a job row's job (of a run row: its failed job, once the jobs are known). */
  async show(target: CiRowData): Promise<vscode.TextEditor | undefined> {
    const entry = this.session.entry(target.entryKey);
    if (!entry || !target.run) return undefined;
    const run = target.run;
    const jobs = entry.model.jobs(run.id);
    const job = target.job ?? jobs?.find((candidate) => candidate.status === 'failed') ?? jobs?.[0];
    // The tab title: the run number keeps logs of same-named jobs in different runs apart.
    const name = [run.number === undefined ? undefined : `#${run.number}`, job?.name ?? run.title].filter(Boolean).join(' ').replace(/[^\w.#-]+/g, '-');
    const uri = vscode.Uri.from({ scheme: ciLogScheme, path: `/${name}.log`, query: `${target.entryKey}|${run.id}|${job?.id ?? ''}` });
    const key = uri.toString();
    if (!this.open.has(key)) {
      const latest = (): LogTarget => {
        const model = this.session.entry(target.entryKey)?.model;
        const current = model?.runs.find((row) => row.run.id === run.id)?.run ?? run;
        const currentJob = job && (model?.jobs(run.id)?.find((candidate) => candidate.id === job.id) ?? job);
        return { run: current, job: currentJob };
      };
      const steps = job?.steps.map((step) => ({ name: step.name, startedAt: step.startedAt }));
      const follower = new CiLogFollower({ provider: entry.model.provider, scheduler: this.scheduler, target: latest, document: { format: entry.config.provider, steps }, id: `ci-log/${key}` });
      // While the job runs, the model must keep polling its jobs, even with the view hidden.
      let watch: vscode.Disposable | undefined;
      if (!isFinished(job?.status ?? run.status)) {
        entry.model.setExpanded(run.id, true);
        watch = this.scheduler.addInterest(ciTopic);
      }
      const parts = [
        follower.onDidChange((change) => {
          if (change.kind === 'end') {
            watch?.dispose();
            watch = undefined;
          }
          const open = this.open.get(key);
          if (open) open.changes++;
          this.changed.fire(uri);
          this.publishProblems(key, follower);
        }),
        follower.start(),
        this.scheduler.addInterest(`ci-log/${key}`),
        { dispose: () => void watch?.dispose() },
      ];
      this.open.set(key, { follower, parts, changes: 0, read: 0 });
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    // A change announced while the editor was still opening the document reached no one.
    const open = this.open.get(key);
    if (open && open.read !== open.changes) this.changed.fire(uri);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const open = this.open.get(uri.toString());
    if (!open) return '[unavailable] This log is no longer followed; open it again from the CI Runs view.';
    open.read = open.changes;
    const rendered = open.follower.document.render();
    if (rendered.text !== '' || open.follower.complete) return rendered.text;
    const failure = open.follower.failure;
    return failure === undefined ? 'Loading log…' : `[unavailable] The log could not be read: ${failure} Trying again…`;
  }

  provideFoldingRanges(doc: vscode.TextDocument): vscode.FoldingRange[] {
    const open = this.open.get(doc.uri.toString());
    if (!open) return [];
    return open.follower.document
      .documentSections()
      .filter((section) => section.endLine > section.startLine)
      .map((section) => new vscode.FoldingRange(section.startLine, section.endLine, vscode.FoldingRangeKind.Region));
  }

  /** The colours painted on the visible editor of a log. */
  paintedColours(uri: vscode.Uri): readonly PaintedColours[] {
    return this.colours.colours(uri);
  }

  dispose(): void {
    for (const key of [...this.open.keys()]) this.close(vscode.Uri.parse(key));
    for (const registration of this.registrations) registration.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }

  // Problems stay after the log closes (they are what one fixes next); reading the
  // same log again replaces them.
  private publishProblems(key: string, follower: CiLogFollower): void {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const source = `DevOps CI (${vscode.Uri.parse(key).path.slice(1)})`;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of follower.document.problems(200)) {
      const file = root === undefined ? problem.file : localProblemPath(problem.file, root, existsSync);
      const range = new vscode.Range(problem.line - 1, Math.max(0, problem.column - 1), problem.endLine - 1, Math.max(0, problem.endColumn - 1));
      const diagnostic = new vscode.Diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = source;
      diagnostic.code = problem.code;
      byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
    }
    const before = this.problems.get(key);
    this.problems.set(key, byFile);
    for (const file of new Set([...(before?.keys() ?? []), ...byFile.keys()])) {
      const all = [...this.problems.values()].flatMap((files) => files.get(file) ?? []);
      this.diagnostics.set(vscode.Uri.file(file), all);
    }
  }

  private close(uri: vscode.Uri): void {
    const key = uri.toString();
    const open = this.open.get(key);
    if (!open) return;
    this.open.delete(key);
    for (const part of open.parts.reverse()) part.dispose();
  }
}

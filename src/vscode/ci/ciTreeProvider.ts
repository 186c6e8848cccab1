import * as vscode from 'vscode';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import { RowTreeProvider } from '../trees/rowTreeProvider';
import type { RowNode } from '../trees/rowNode';
import { providerRow, signedOutRow, type CiRowTarget } from './ciRows';
import { ciTopic, type CiSession } from './ciSession';

/** The CI Runs view id, as contributed in package.json. */
export const ciViewId = 'devops.ci';

// The CI Runs view: one provider row per configured backend. Model changes rebuild the
// rows and the row merge refreshes only rows that look different. When no backend has
// credentials the view stays empty, so its welcome (devops.ci.needsSignIn) offers sign-in.
export class CiTreeProvider extends RowTreeProvider {
  private targets = new Map<string, CiRowTarget>();

  constructor(private readonly session: CiSession, log: vscode.LogOutputChannel) {
    super(ciViewId, 'CI Runs', log);
    this.register(session.onDidChange(() => this.rebuild()));
  }

  /** The run or job behind a row id. */
  target(rowId: string): CiRowTarget | undefined {
    this.findRow(rowId);
    return this.targets.get(rowId);
  }

  /** Loads and watches the jobs of a run row's run (what expanding the row does). */
  expand(rowId: string): void {
    const target = this.target(rowId);
    if (target?.run) this.session.entry(target.entryKey)?.model.setExpanded(target.run.id, true);
  }

  collapse(rowId: string): void {
    const target = this.target(rowId);
    if (target?.run && !target.job) this.session.entry(target.entryKey)?.model.setExpanded(target.run.id, false);
  }

  // VS Code asks a row's children only while it is expanded. The expand event alone is
  // lost when the click meets a refresh of the row (seen in the e2e: the run stayed on
  // "Loading jobs…" and no poll asked for its jobs), so asking counts as expanding.
  override getChildren(node?: RowNode): RowNode[] {
    const target = node ? this.targets.get(node.id) : undefined;
    if (node && target?.run && !target.job) this.expand(node.id);
    return super.getChildren(node);
  }

  protected buildRows(): RowNode[] {
    const targets = new Map<string, CiRowTarget>();
    const rows = this.session.needsSignIn ? [] : this.session.entries.map((entry) => (entry.signedIn ? providerRow(entry, targets, Date.now()) : signedOutRow(entry, targets)));
    this.targets = targets;
    return rows;
  }

  protected buildMessage(): string | undefined {
    return undefined;
  }
}

/** Creates the TreeView: polling interest while visible, jobs loaded while a run is expanded. */
export function createCiTreeView(provider: CiTreeProvider, scheduler: RefreshScheduler): vscode.Disposable {
  const view = vscode.window.createTreeView(ciViewId, { treeDataProvider: provider, showCollapseAll: true });
  let interest: vscode.Disposable | undefined;
  const follow = (visible: boolean): void => {
    if (visible) interest ??= scheduler.addInterest(ciTopic);
    else {
      interest?.dispose();
      interest = undefined;
    }
  };
  follow(view.visible);
  return vscode.Disposable.from(
    view.onDidChangeVisibility((event) => follow(event.visible)),
    view.onDidExpandElement((event) => provider.expand(event.element.id)),
    view.onDidCollapseElement((event) => provider.collapse(event.element.id)),
    { dispose: () => follow(false) },
    view,
  );
}

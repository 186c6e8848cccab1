import type * as vscode from 'vscode';
import { ViewId } from '../commands/commandTable';
import { RowTree } from '../trees/rowTree';
import type { RowNode } from '../trees/rowNode';
import { ciRowData } from './ciRowData';
import { providerRow, signedOutRow } from './ciRows';
import type { CiSession } from './ciSession';

// The CI Runs view: one provider row per configured backend. Model changes rebuild the
// rows and the row merge refreshes only rows that look different. When no backend has
// credentials the view stays empty, so its welcome (devops.ci.needsSignIn) offers sign-in.
export class CiTree extends RowTree {
  constructor(private readonly session: CiSession, log: vscode.LogOutputChannel) {
    super(ViewId.ci, 'CI Runs', log);
    this.register(session.onDidChange(() => this.rebuild()));
  }

  /** Loads and watches the jobs of a run row's run (what expanding the row does). */
  override expanded(node: RowNode): void {
    const target = ciRowData(node);
    if (target?.run && !target.job) this.session.entry(target.entryKey)?.model.setExpanded(target.run.id, true);
  }

  override collapsed(node: RowNode): void {
    const target = ciRowData(node);
    if (target?.run && !target.job) this.session.entry(target.entryKey)?.model.setExpanded(target.run.id, false);
  }

  // VS Code asks a row's children only while it is expanded. The expand event alone is
  // lost when the click meets a refresh of the row (seen in the e2e: the run stayed on
  // "Loading jobs…" and no poll asked for its jobs), so asking counts as expanding.
  override getChildren(node?: RowNode): RowNode[] {
    if (node) this.expanded(node);
    return super.getChildren(node);
  }

  protected buildRows(): RowNode[] {
    if (this.session.needsSignIn) return [];
    const now = Date.now();
    return this.session.entries.map((entry) => (entry.signedIn ? providerRow(entry, now) : signedOutRow(entry)));
  }

  protected buildMessage(): string | undefined {
    return undefined;
  }
}

import * as vscode from 'vscode';
import { DisposableOwner } from '../disposableStore';
import { errorRow } from './commonRows';
import { toTreeItem, type RowNode } from './rowNode';
import { TreeState } from './treeState';

/** The performance mark set when a view first hands VS Code rows; `npm run bench` reads it (activation.firstViewMs). */
export const firstRowsMark = (viewId: string): string => `devops-loop/firstRows/${viewId}`;

/**
 * The base of every view's tree (its TreeDataProvider): rows are rebuilt from the session
 * on change and merged into what is shown, so only changed rows refresh. getChildren never
 * throws. RowTreeView shows it.
 */
export abstract class RowTree extends DisposableOwner implements vscode.TreeDataProvider<RowNode> {
  private readonly changed = this.register(new vscode.EventEmitter<RowNode | RowNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly messageChanged = this.register(new vscode.EventEmitter<string | undefined>());
  /** Fires when the text above the rows (stale, Restricted Mode) changes. */
  readonly onDidChangeMessage = this.messageChanged.event;
  private readonly rows = new TreeState();
  private shown = false;
  private rowsMarked = false;
  private lastMessage: string | undefined;

  protected constructor(
    /** The view id, e.g. `devops.plan`; the retry action refreshes it. */
    readonly viewId: string,
    private readonly title: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Builds every row from the session; may throw, which becomes an error row. */
  protected abstract buildRows(): RowNode[];

  /** Text shown above the rows, or undefined. */
  protected abstract buildMessage(): string | undefined;

  get message(): string | undefined {
    return this.lastMessage;
  }

  /** Call when the model changed. Rows not yet shown are built lazily by getChildren. */
  protected rebuild(): void {
    this.updateMessage();
    if (!this.shown) return;
    const changed = this.rows.update(this.safeBuild());
    if (changed === undefined) this.changed.fire(undefined);
    else if (changed.length > 0) this.changed.fire(changed);
  }

  getChildren(node?: RowNode): RowNode[] {
    if (node) return node.children;
    if (!this.shown) {
      this.shown = true;
      this.rows.update(this.safeBuild());
      this.updateMessage();
    }
    const roots = this.rows.roots;
    if (!this.rowsMarked && roots.length > 0) {
      this.rowsMarked = true;
      performance.mark(firstRowsMark(this.viewId));
    }
    return roots;
  }

  getTreeItem(node: RowNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getParent(node: RowNode): RowNode | undefined {
    return this.rows.parentOf(node);
  }

  /** The shown row with this id (ids are stable: `plan/DL-101`). */
  findRow(id: string): RowNode | undefined {
    this.getChildren();
    return this.rows.find(id);
  }

  /** The user expanded a row (a tree that loads children on demand overrides this). */
  expanded(_node: RowNode): void {
    // Most trees show every row from the start.
  }

  /** The user collapsed a row. */
  collapsed(_node: RowNode): void {
    // Most trees keep nothing per expanded row.
  }

  private safeBuild(): RowNode[] {
    try {
      return this.buildRows();
    } catch (error) {
      this.log.error(`${this.title} view failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
      return [errorRow(this.viewId, `Could not show ${this.title}`, error)];
    }
  }

  private updateMessage(): void {
    let message: string | undefined;
    try {
      message = this.buildMessage();
    } catch {
      message = undefined;
    }
    if (message === this.lastMessage) return;
    this.lastMessage = message;
    this.messageChanged.fire(message);
  }
}

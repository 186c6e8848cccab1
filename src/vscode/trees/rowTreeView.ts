import * as vscode from 'vscode';
import { DisposableOwner } from '../disposableStore';
import type { RowNode } from './rowNode';
import type { RowTree } from './rowTree';
import type { TreeViewSlots } from './treeViewSlots';

/** How a tree view follows what the user sees. */
export interface RowTreeViewOptions {
  /** Taken while the view is visible and released when it is hidden (a scheduler interest, a model's watch): nothing polls for a hidden view. */
  whileVisible?: () => { dispose(): void };
}

/**
 * The one way a tree view is created: the TreeView of a RowTree, its message kept in step
 * with the tree's, expansion handed to the tree, and `whileVisible` held while it is shown.
 */
export class RowTreeView extends DisposableOwner {
  readonly view: vscode.TreeView<RowNode>;
  private held: { dispose(): void } | undefined;

  constructor(
    views: TreeViewSlots,
    private readonly tree: RowTree,
    private readonly options: RowTreeViewOptions = {},
  ) {
    super();
    // The view itself was created at activation and outlives this part.
    const view = views.show(tree.viewId, tree);
    this.view = view;
    view.message = tree.message;
    this.register(tree.onDidChangeMessage((message) => (view.message = message)));
    this.register(view.onDidExpandElement((event) => tree.expanded(event.element)));
    this.register(view.onDidCollapseElement((event) => tree.collapsed(event.element)));
    this.register(view.onDidChangeVisibility((event) => this.follow(event.visible)));
    this.register(new vscode.Disposable(() => this.follow(false)));
    this.follow(view.visible);
  }

  get visible(): boolean {
    return this.view.visible;
  }

  /** Shows the view and selects the row with this id; false when the tree has no such row. */
  async reveal(id: string, options: { focus?: boolean; expand?: boolean } = {}): Promise<boolean> {
    const row = this.tree.findRow(id);
    if (!row) return false;
    await this.view.reveal(row, { select: true, focus: options.focus ?? true, expand: options.expand ?? false });
    return true;
  }

  private follow(visible: boolean): void {
    if (visible) this.held ??= this.options.whileVisible?.();
    else {
      this.held?.dispose();
      this.held = undefined;
    }
  }
}

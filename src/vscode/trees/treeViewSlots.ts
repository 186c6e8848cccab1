import * as vscode from 'vscode';

/** The performance mark set when the workbench first asks a view for rows; `npm run bench` reads it (activation.firstViewMs). */
export const firstAskMark = (viewId: string): string => `devops-loop/firstAsk/${viewId}`;

/**
 * The tree views package.json contributes, created at activation so VS Code has a provider
 * for each from the start; each shows its rows once the features hand it their tree. A row
 * asked for before that waits for it (the view shows its progress bar meanwhile).
 */
export class TreeViewSlots implements vscode.Disposable {
  private readonly slots = new Map<string, { provider: DeferredProvider; view: vscode.TreeView<unknown> }>();

  constructor(viewIds: readonly string[]) {
    for (const viewId of viewIds) {
      const provider = new DeferredProvider(viewId);
      this.slots.set(viewId, { provider, view: vscode.window.createTreeView(viewId, { treeDataProvider: provider, showCollapseAll: true }) });
    }
  }

  /** The view `viewId`, from now on showing `tree`. */
  show<T>(viewId: string, tree: vscode.TreeDataProvider<T>): vscode.TreeView<T> {
    const slot = this.slots.get(viewId);
    if (!slot) return vscode.window.createTreeView(viewId, { treeDataProvider: tree, showCollapseAll: true });
    slot.provider.attach(tree);
    return slot.view as vscode.TreeView<T>;
  }

  /** The features could not load: every view says so, and stops waiting for rows. */
  showFailure(message: string): void {
    for (const { provider, view } of this.slots.values()) {
      view.message = message;
      provider.attach({ getChildren: () => [], getTreeItem: () => new vscode.TreeItem('') });
    }
  }

  dispose(): void {
    for (const { provider, view } of this.slots.values()) {
      view.dispose();
      provider.dispose();
    }
    this.slots.clear();
  }
}

/** Hands every call to the tree attached later; calls made before wait for it. */
class DeferredProvider implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: vscode.TreeDataProvider<unknown> | undefined;
  private forwarding: vscode.Disposable | undefined;
  private resolveAttached: (tree: vscode.TreeDataProvider<unknown>) => void = () => undefined;
  private readonly attached = new Promise<vscode.TreeDataProvider<unknown>>((resolve) => (this.resolveAttached = resolve));
  private asked = false;

  constructor(private readonly viewId: string) {}

  attach(tree: vscode.TreeDataProvider<unknown>): void {
    this.forwarding?.dispose();
    this.tree = tree;
    this.forwarding = tree.onDidChangeTreeData?.((element) => this.changed.fire(element));
    this.resolveAttached(tree);
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    if (!this.asked && element === undefined) {
      this.asked = true;
      performance.mark(firstAskMark(this.viewId));
    }
    return this.tree ? this.tree.getChildren(element) : this.attached.then((tree) => tree.getChildren(element));
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.tree ? this.tree.getTreeItem(element) : this.attached.then((tree) => tree.getTreeItem(element));
  }

  getParent(element: unknown): vscode.ProviderResult<unknown> {
    return this.tree?.getParent?.(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}

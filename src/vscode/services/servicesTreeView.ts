import * as vscode from 'vscode';
import { ViewId } from '../commands/commandTable';
import { DisposablePart } from '../disposableStore';
import type { LiveServices } from './liveServices';
import type { ServicesTreeProvider } from './servicesTreeProvider';

/**
 * The Services TreeView: probes run while it is visible (it holds the model's watch), and
 * other parts (the map, the status bar) reveal services in it by name.
 */
export class ServicesTreeView extends DisposablePart {
  private readonly view: vscode.TreeView<unknown>;
  private watching: { dispose(): void } | undefined;

  constructor(
    private readonly provider: ServicesTreeProvider,
    private readonly services: LiveServices,
  ) {
    super();
    const view = vscode.window.createTreeView(ViewId.services, { treeDataProvider: provider, showCollapseAll: true });
    this.view = this.register(view);
    view.message = provider.message;
    this.register(provider.onDidChangeMessage((message) => (view.message = message)));
    this.register(view.onDidChangeVisibility((event) => this.setWatching(event.visible)));
    this.setWatching(view.visible);
    this.register(new vscode.Disposable(() => this.setWatching(false)));
  }

  get visible(): boolean {
    return this.view.visible;
  }

  /** Shows the view and selects the service's row (ids are stable: services/<name>). */
  async reveal(name: string): Promise<boolean> {
    const row = this.provider.serviceRow(name);
    if (!row) return false;
    await this.view.reveal(row, { select: true, focus: true, expand: false });
    return true;
  }

  private setWatching(visible: boolean): void {
    if (visible && !this.watching) this.watching = this.services.model.watch();
    else if (!visible && this.watching) {
      this.watching.dispose();
      this.watching = undefined;
    }
  }
}

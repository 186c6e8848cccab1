import * as vscode from 'vscode';
import type { PlanModel } from '../../core/plan/planModel';
import type { ProblemsPublisher } from '../config/problemsPublisher';
import { watchFile } from '../workspaceFiles';

/**
 * Follows the sprint file of the `file` plan: loads the plan again when the file changes on
 * disk or is saved (the provider is the one reader), and after every load puts the
 * provider's problems on the file in the Problems panel.
 */
export class SprintFileWatch implements vscode.Disposable {
  private readonly parts: vscode.Disposable[];
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly model: PlanModel,
    private readonly problems: ProblemsPublisher,
  ) {
    const changed = model.onDidChange((change) => {
      if (change.kind === 'loaded' || change.kind === 'failed') this.problems.set(uri, model.provider.problems ?? []);
    });
    this.parts = [watchFile(uri, () => void this.reload()), new vscode.Disposable(() => changed.dispose())];
  }

  /** Loads the sprint file now; a change during a load loads it once more after. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.reloadLoop().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /** Resolves when the load under way (if any) has finished. */
  settled(): Promise<void> {
    return this.reloading ?? Promise.resolve();
  }

  dispose(): void {
    for (const part of this.parts) part.dispose();
    this.problems.clear(this.uri);
  }

  private async reloadLoop(): Promise<void> {
    do {
      this.reloadAgain = false;
      // A failed load is the model's state (an error row), not the caller's.
      await this.model.refresh(new AbortController().signal).catch(() => undefined);
    } while (this.reloadAgain);
  }
}

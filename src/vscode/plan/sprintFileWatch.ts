import * as vscode from 'vscode';
import type { PlanModel } from '../../core/plan/planModel';
import { SerialRuns } from '../../core/refresh/serialRuns';
import type { ProblemsPublisher } from '../config/problemsPublisher';
import { watchFile } from '../workspaceFiles';

/**
 * Follows the sprint file of the `file` plan: loads the plan again when the file changes on
 * disk or is saved (the provider is the one reader), and after every load puts the
 * provider's problems on the file in the Problems panel.
 */
export class SprintFileWatch implements vscode.Disposable {
  private readonly parts: vscode.Disposable[];
  // A failed load is the model's state (an error row), not the caller's.
  private readonly loads = new SerialRuns(() => this.model.refresh(new AbortController().signal).catch(() => undefined));

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
    return this.loads.run();
  }

  /** Resolves when the load under way (if any) has finished. */
  settled(): Promise<void> {
    return this.loads.settled();
  }

  dispose(): void {
    for (const part of this.parts) part.dispose();
    this.problems.clear(this.uri);
  }
}

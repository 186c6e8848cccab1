import * as vscode from 'vscode';
import type { Problem } from '../../core/config/problem';
import type { PlanConfig } from '../../core/config/schema';
import type { SprintFile } from '../../core/plan/sprintSchema';
import type { ConfigSnapshot, ConfigStore } from '../config/configStore';
import type { ProblemsPublisher } from '../config/problemsPublisher';
import { DisposableOwner } from '../disposableStore';
import { loadSprintParser } from '../lazyCore';
import { resolveInWorkspace } from '../../core/workspacePath';
import { maxSprintFileBytes } from '../../core/plan/sprintLimits';
import { fileError } from '../../core/config/problem';
import { DevopsError } from '../../core/errors';
import { readTextFile, watchFile } from '../workspaceFiles';

/** What the Plan view can show right now. */
export type SprintState =
  | { kind: 'no-config' }
  | { kind: 'no-plan' }
  | { kind: 'loading' }
  /** A remote provider; issue 3 connects them. */
  | { kind: 'provider-not-connected'; provider: string }
  | { kind: 'file-missing'; uri: vscode.Uri }
  | { kind: 'file-invalid'; uri: vscode.Uri; problems: readonly Problem[] }
  | { kind: 'sprint'; uri: vscode.Uri; sprint: SprintFile; statuses: readonly string[]; stale: boolean; problems: readonly Problem[] }
  | { kind: 'error'; message: string };

/** The sprint of the `file` provider: follows devops.yaml's plan section, reads and watches the sprint file it names. */
export class SprintFileStore extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<SprintState>());
  readonly onDidChange = this.changed.event;
  private current: SprintState = { kind: 'loading' };
  private watched: { key: string; watcher: vscode.Disposable } | undefined;
  private lastGood: { key: string; sprint: SprintFile } | undefined;
  private loads = 0;
  private latest: Promise<void> = Promise.resolve();

  constructor(
    private readonly configStore: ConfigStore,
    private readonly problems: ProblemsPublisher,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(configStore.onDidChange((snapshot) => void this.follow(snapshot)));
    this.register(new vscode.Disposable(() => {
      this.watched?.watcher.dispose();
    }));
  }

  get state(): SprintState {
    return this.current;
  }

  reload(): Promise<void> {
    return this.follow(this.configStore.snapshot);
  }

  /** Resolves when the latest read has finished. */
  settled(): Promise<void> {
    return this.latest;
  }

  private follow(snapshot: ConfigSnapshot): Promise<void> {
    this.latest = this.readAndPublish(snapshot);
    return this.latest;
  }

  private async readAndPublish(snapshot: ConfigSnapshot): Promise<void> {
    const load = ++this.loads;
    const next = await this.read(snapshot).catch((error: unknown): SprintState => {
      this.log.error('reading the sprint failed:', error instanceof Error ? error.message : String(error));
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    });
    // A newer load started while this one read the disk: its result wins.
    if (load !== this.loads) return;
    this.current = next;
    this.changed.fire(next);
  }

  private async read(snapshot: ConfigSnapshot): Promise<SprintState> {
    if (snapshot.state === 'loading') return { kind: 'loading' };
    const { config, uri: configUri } = snapshot;
    if (!config || !configUri) {
      this.unwatch();
      return { kind: 'no-config' };
    }
    if (!config.plan) {
      this.unwatch();
      return { kind: 'no-plan' };
    }
    if (config.plan.provider !== 'file') {
      this.unwatch();
      return { kind: 'provider-not-connected', provider: config.plan.provider };
    }
    // The repository chose plan.file: it must not lead out of the folder, links included.
    await resolveInWorkspace(vscode.Uri.joinPath(configUri, '..').fsPath, config.plan.file, 'plan.file');
    return this.readSprintFile(vscode.Uri.joinPath(configUri, '..', config.plan.file), config.plan);
  }

  private async readSprintFile(uri: vscode.Uri, plan: PlanConfig): Promise<SprintState> {
    this.watch(uri);
    let text: string | undefined;
    try {
      text = await readTextFile(uri, maxSprintFileBytes);
    } catch (error) {
      if (!DevopsError.is(error, 'invalid-data')) throw error;
      // Too large, or not a file: a problem on it, as the parser reports one.
      const problems = [fileError(uri.fsPath, 'too-large', error.message)];
      this.problems.set(uri, problems);
      return { kind: 'file-invalid', uri, problems };
    }
    if (text === undefined) {
      this.problems.clear(uri);
      return { kind: 'file-missing', uri };
    }
    const { parseSprintFile } = await loadSprintParser();
    const { sprint, problems } = parseSprintFile(text, uri.fsPath, plan.statuses);
    this.problems.set(uri, problems);
    const key = uri.toString();
    if (sprint) {
      this.lastGood = { key, sprint };
      return { kind: 'sprint', uri, sprint, statuses: plan.statuses, stale: false, problems };
    }
    if (this.lastGood?.key === key) {
      return { kind: 'sprint', uri, sprint: this.lastGood.sprint, statuses: plan.statuses, stale: true, problems };
    }
    return { kind: 'file-invalid', uri, problems };
  }

  private watch(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.watched?.key === key) return;
    this.unwatch();
    this.watched = { key, watcher: watchFile(uri, () => void this.reload()) };
  }

  private unwatch(): void {
    this.watched?.watcher.dispose();
    this.watched = undefined;
  }
}

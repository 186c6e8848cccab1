import * as vscode from 'vscode';
import { fileError, type Problem } from '../../core/config/problem';
import { DevopsError } from '../../core/errors';
import { SerialRuns } from '../../core/refresh/serialRuns';
import type { DevopsConfig } from '../../core/config/schema';
import type { ConfigContextState, ContextKeys } from '../contextKeys';
import { DisposableOwner } from '../disposableStore';
import { loadConfigParser } from '../lazyCore';
import { readTextFile, watchFile } from '../workspaceFiles';
import type { ProblemsPublisher } from './problemsPublisher';

export const CONFIG_FILE_NAME = 'devops.yaml';

/** What the views know about devops.yaml at one moment. */
export interface ConfigSnapshot {
  /** loading, missing, valid, stale (broken, showing the last good one) or invalid (broken, nothing to show). */
  state: ConfigContextState;
  /** The current config, or the last good one while stale. */
  config: DevopsConfig | undefined;
  /** devops.yaml at the workspace root; undefined without a folder. */
  uri: vscode.Uri | undefined;
  /** Problems of the latest read, including warnings of a valid file. */
  problems: readonly Problem[];
}

/**
 * The model of devops.yaml: reads it, watches it, keeps the last good config when it
 * turns invalid, publishes problems and sets the `devops.config` context key.
 */
export class ConfigStore extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<ConfigSnapshot>());
  readonly onDidChange = this.changed.event;
  private current: ConfigSnapshot;
  private readonly reads = new SerialRuns(() => this.readSafely());
  private firstLoad: Promise<void> | undefined;

  constructor(
    folder: vscode.Uri | undefined,
    private readonly problems: ProblemsPublisher,
    private readonly contextKeys: ContextKeys,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const uri = folder ? vscode.Uri.joinPath(folder, CONFIG_FILE_NAME) : undefined;
    this.current = { state: uri ? 'loading' : 'missing', config: undefined, uri, problems: [] };
    this.contextKeys.set('devops.config', this.current.state);
  }

  get snapshot(): ConfigSnapshot {
    return this.current;
  }

  /** Starts watching and reads the file in the background; activation never waits for it. */
  start(): Promise<void> {
    const uri = this.current.uri;
    if (uri) this.register(watchFile(uri, () => void this.reload()));
    this.firstLoad ??= this.reload();
    return this.firstLoad;
  }

  /** Reads devops.yaml again; concurrent calls share one read and one read follows it. */
  reload(): Promise<void> {
    return this.reads.run();
  }

  private async readSafely(): Promise<void> {
    try {
      await this.readOnce();
    } catch (error) {
      // A loader bug must not break the watcher: keep the last good config, say why in the log.
      this.log.error('devops.yaml could not be loaded:', error instanceof Error ? (error.stack ?? error.message) : String(error));
      this.publish({ ...this.current, state: this.current.config ? 'stale' : 'invalid' });
    }
  }

  private async readOnce(): Promise<void> {
    const uri = this.current.uri;
    if (!uri) {
      this.publish({ ...this.current, state: 'missing' });
      return;
    }
    let text: string | undefined;
    try {
      text = await readTextFile(uri);
    } catch (error) {
      if (DevopsError.is(error, 'invalid-data')) {
        // Too large, or not a file: a problem on the file, as `devops-loop check` reports it.
        const problems = [fileError(uri.fsPath, 'too-large', error.message)];
        this.problems.set(uri, problems);
        this.publish({ state: this.current.config ? 'stale' : 'invalid', config: this.current.config, uri, problems });
        return;
      }
      this.log.error('reading devops.yaml failed:', error instanceof Error ? error.message : String(error));
      text = undefined;
    }
    if (text === undefined) {
      this.problems.clear(uri);
      this.publish({ state: 'missing', config: undefined, uri, problems: [] });
      return;
    }
    const { parseDevopsConfig } = await loadConfigParser();
    const { config, problems } = parseDevopsConfig(text, uri.fsPath);
    this.problems.set(uri, problems);
    const lastGood = this.current.config;
    if (config) this.publish({ state: 'valid', config, uri, problems });
    else this.publish({ state: lastGood ? 'stale' : 'invalid', config: lastGood, uri, problems });
  }

  private publish(next: ConfigSnapshot): void {
    this.current = next;
    this.contextKeys.set('devops.config', next.state);
    this.log.info(`devops.yaml: ${next.state} (${next.problems.length} problem(s))`);
    this.changed.fire(next);
  }
}

import * as vscode from 'vscode';
import { CiRunsModel } from '../../core/ci/ciRunsModel';
import type { CiChange } from '../../core/ci/ciRunsModel';
import type { CiEntryConfig } from '../../core/config/ciConfig';
import { ciEntryKey, resolveEntryCaFile } from '../../core/config/ciConfig';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { ConfigStore } from '../config/configStore';
import type { ContextKeys } from '../contextKeys';
import type { CiNotifier } from './ciNotifier';
import { ciOriginOf, createCiProvider } from '../../backends/ci/createCiProvider';
import type { NetworkGate } from '../../core/ports';
import type { Credentials } from '../credentials/credentials';
import type { NetworkChoices } from '../http/networkChoices';
import type { GitHead } from '../../core/ports';
import type { HeadWatcher } from '../git/headWatcher';
import { timeoutSignal } from '../../core/safeTimers';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/** Interest topic the CI Runs view declares while visible. */
export const ciTopic = 'ci';

/** One configured CI backend and its model. */
export interface CiEntry {
  /** Stable key, also the provider row's id suffix. */
  key: string;
  /** The devops.yaml entry. */
  config: CiEntryConfig;
  /** Runs, jobs, freshness. Not polling while signed out. */
  model: CiRunsModel;
  /** False while its credentials are missing: the view offers sign-in instead of runs. */
  signedIn: boolean;
}

/** How the CI engines are reached: credentials, the network gate, proxy and CA choices, trust. */
export interface CiRemoteAccess {
  credentials: Credentials;
  network: NetworkGate;
  choices: NetworkChoices;
  trust: WorkspaceTrustGate;
}

const identityTimeoutMs = 15_000;

// The CI backends devops.yaml names, each with its CiRunsModel on the one scheduler.
// Rebuilt when the ci block or the credentials change (a sign-in fills the view, a
// sign-out empties it, no reload); an entry without credentials does not poll. Trust
// and a consent to devops.yaml's proxy or CA rebuild the providers too. The shared
// HEAD watcher tells the models of every checkout and commit, so the current
// branch's runs and the head mark follow them.
export class CiSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ entry?: CiEntry; change?: CiChange }>();
  /** Fires with the entry and what changed; without an entry the entries themselves changed. */
  readonly onDidChange = this.changed.event;
  private current: CiEntry[] = [];
  private entryParts: vscode.Disposable[] = [];
  private signature = '';
  private generation = 0;
  private readonly listeners: vscode.Disposable[] = [];

  constructor(
    private readonly configStore: ConfigStore,
    private readonly scheduler: RefreshScheduler,
    private readonly deps: CiRemoteAccess,
    private readonly notifier: CiNotifier,
    private readonly headWatcher: HeadWatcher,
    /** Where devops.ci.needsSignIn and friends are set for the welcome view. */
    private readonly contextKeys: ContextKeys,
  ) {
    this.listeners.push(configStore.onDidChange(() => this.sync(false)));
    // Providers take the credentials, proxy and CA of the moment they are built: a change of any rebuilds them.
    this.listeners.push(deps.credentials.onDidChange(() => this.sync(true)));
    this.listeners.push(deps.choices.onDidChange(() => this.sync(true)));
    this.listeners.push(deps.trust.onDidChange(() => this.sync(true)));
    this.listeners.push(headWatcher.onDidChange((head) => this.setHead(head)));
    this.sync(false);
  }

  get entries(): readonly CiEntry[] {
    return this.current;
  }

  entry(key: string): CiEntry | undefined {
    return this.current.find((entry) => entry.key === key);
  }

  get headBranch(): string | undefined {
    return this.headWatcher.head.branch;
  }

  /** True when CI is configured but no entry can show runs because every one lacks credentials. */
  get needsSignIn(): boolean {
    return this.current.length > 0 && this.current.every((entry) => !entry.signedIn);
  }

  /** Reads HEAD again, tells the models, and returns the checked-out branch and commit. */
  async readHead(): Promise<GitHead> {
    const head = await this.headWatcher.read();
    this.setHead(head);
    return head;
  }

  private setHead(head: GitHead): void {
    for (const entry of this.current) entry.model.setHead(head.branch, head.commit);
  }

  dispose(): void {
    this.generation++;
    this.teardown();
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
  }

  private sync(force: boolean): void {
    const entries = this.configStore.snapshot.config?.pipeline?.ci ?? [];
    const signature = JSON.stringify(entries);
    if (!force && signature === this.signature) return;
    this.signature = signature;
    // Credentials are looked up first, so the view changes once; a newer sync wins.
    const generation = ++this.generation;
    const root = this.root()?.fsPath ?? process.cwd();
    const prepared = entries.map((config) => Promise.all([this.hasCredentials(config), resolveEntryCaFile(config, root)]));
    void Promise.all(prepared).then((ready) => {
      if (generation !== this.generation) return;
      this.teardown();
      this.current = entries.map((config, index) => this.build(config, root, ...ready[index]));
      this.publishContext();
      this.changed.fire({});
      void this.readHead();
    });
  }

  private async hasCredentials(config: CiEntryConfig): Promise<boolean> {
    const origin = ciOriginOf(config);
    if (origin === undefined) return false;
    try {
      await this.deps.credentials.adoptCiSecret(config, origin);
      return await this.deps.credentials.has(config.provider, origin);
    } catch {
      return false;
    }
  }

  private build(config: CiEntryConfig, root: string, signedIn: boolean, caFile: string | undefined): CiEntry {
    const provider = createCiProvider(config, { ...this.deps, root, caFile });
    const model = new CiRunsModel({ provider, scheduler: this.scheduler, topic: ciTopic });
    const entry: CiEntry = { key: ciEntryKey(config), config, model, signedIn };
    model.setHead(this.headWatcher.head.branch, this.headWatcher.head.commit);
    // Who "mine" is: asked on the first transition (the provider remembers it), never while idle.
    const me = async (): Promise<string | undefined> => provider.currentUser?.(timeoutSignal(identityTimeoutMs)).catch(() => undefined);
    this.entryParts.push(
      model.onDidChange((change) => this.changed.fire({ entry, change })),
      model.onDidTransition((transition) => void me().then((user) => this.notifier.notify(entry.key, provider.label, config, transition, user))),
      { dispose: () => { model.dispose(); provider.dispose?.(); } },
    );
    if (signedIn) this.entryParts.push(model.start());
    return entry;
  }

  private publishContext(): void {
    const signedOut = [...new Set(this.current.filter((entry) => !entry.signedIn).map((entry) => entry.config.provider))].sort();
    this.contextKeys.set('devops.ciConfigured', this.current.length > 0);
    this.contextKeys.set('devops.ci.needsSignIn', this.needsSignIn);
    this.contextKeys.set('devops.ci.signedOut', signedOut.join(' '));
  }

  private teardown(): void {
    for (const part of this.entryParts.splice(0).reverse()) part.dispose();
    this.current = [];
  }

  private root(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }
}

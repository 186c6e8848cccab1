import * as vscode from 'vscode';
import type { EngineRefusal } from '../../backends/engines/engineBackends';
import type { CredentialHelper } from '../../backends/engines/kubernetes/credentialHelper';
import type { EngineBackend, EngineSnapshot, Workload } from '../../core/engines/engineTypes';
import { liveServices, type LiveServices } from '../../core/engines/liveServices';
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import type { ConfigStore } from '../config/configStore';
import type { UserPrompts } from '../prompts/userPrompts';
import { DisposableOwner } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/** One engine of devops.yaml as the views show it. */
export interface EngineEntry {
  backend: EngineBackend;
  /** The latest whole snapshot; undefined until the engine first answered or failed. */
  snapshot: EngineSnapshot | undefined;
}

/** What the engines look like now. */
export interface EnginesState {
  /** devops.yaml has an `engines` block. */
  configured: boolean;
  /** Restricted Mode: nothing connects. */
  restricted: boolean;
  engines: readonly EngineEntry[];
  /** Engines devops.yaml names that cannot be used, and why. */
  refused: readonly EngineRefusal[];
  /** Why the backends could not even be built (a bug, a missing module). */
  failure?: string;
}

/** Where the Docker engine hosts the user allowed are kept: the user's storage, never the workspace's. */
const ALLOWED_HOSTS_KEY = 'devops.engines.allowedHosts';

/**
 * The editor's owner of the live engines: builds the backends of devops.yaml's `engines`
 * (only in a trusted workspace, loading their code on first use), follows each one's
 * watch stream and keeps its latest whole snapshot. A changed `engines` block or trust
 * stops every watch and starts again; an unchanged reload keeps them running.
 */
export class EnginesSession extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** A snapshot arrived, or the engines changed. */
  readonly onDidChange = this.changed.event;
  private entries: EngineEntry[] = [];
  private refused: EngineRefusal[] = [];
  private failure: string | undefined;
  private watching: AbortController | undefined;
  private appliedKey: string | undefined;
  /** Credential plugins the user let run in this session, by what they run. */
  private readonly allowedHelpers = new Set<string>();
  private readonly askingHelpers = new Map<string, Promise<boolean>>();

  constructor(
    private readonly configStore: ConfigStore,
    private readonly trust: WorkspaceTrustGate,
    private readonly network: NetworkGate,
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: UserPrompts,
    /** The user's global state: which engine hosts on other machines they allowed, per workspace. */
    private readonly consents: vscode.Memento,
  ) {
    super();
    this.register(configStore.onDidChange(() => void this.apply()));
    this.register(trust.onDidChange(() => void this.apply()));
    this.register(new vscode.Disposable(() => this.stop()));
    void this.apply();
  }

  get state(): EnginesState {
    return { configured: this.configStore.snapshot.config?.engines !== undefined, restricted: !this.trust.isTrusted, engines: this.entries, refused: this.refused, failure: this.failure };
  }

  /** The latest snapshot of every engine that sent one. */
  snapshots(): EngineSnapshot[] {
    return this.entries.flatMap((entry) => (entry.snapshot ? [entry.snapshot] : []));
  }

  /** Declared services joined with the live workloads, and the undeclared ones. */
  services(): LiveServices {
    return liveServices(this.configStore.snapshot.config?.services ?? {}, this.snapshots());
  }

  /** The backend with this id. */
  backend(engineId: string): EngineBackend | undefined {
    return this.entries.find((entry) => entry.backend.id === engineId)?.backend;
  }

  /** The workload as the engine's latest snapshot has it. */
  workload(engineId: string, workloadId: string): Workload | undefined {
    return this.entries.find((entry) => entry.backend.id === engineId)?.snapshot?.workloads.find((w) => w.id === workloadId);
  }

  private async apply(): Promise<void> {
    const engines = this.configStore.snapshot.config?.engines;
    const trusted = this.trust.isTrusted;
    const key = JSON.stringify([engines, trusted, this.allowedHosts()]);
    if (key === this.appliedKey) return;
    this.appliedKey = key;
    this.stop();
    this.entries = [];
    this.refused = [];
    this.failure = undefined;
    if (engines && trusted) {
      try {
        // Engine code loads when devops.yaml names an engine, not with the extension.
        const { createEngineBackends } = await import('../../backends/engines/engineBackends.js');
        if (key !== this.appliedKey) return;
        // A host on another machine named by devops.yaml is refused until the user allowed it (allowHost).
        const workspace = this.configStore.snapshot.uri ? vscode.Uri.joinPath(this.configStore.snapshot.uri, '..').fsPath : undefined;
        const built = createEngineBackends(engines, { network: this.network, env: process.env, allowRemote: (resolved) => this.allowedHosts().includes(this.hostConsentId(resolved.address)), workspace, allowCredentialHelper: (helper) => this.allowCredentialHelper(helper) });
        this.refused = built.refused;
        this.entries = built.backends.map((backend) => ({ backend, snapshot: undefined }));
        this.start();
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
        this.log.error('engines:', this.failure);
      }
    }
    this.changed.fire();
  }

  /**
   * Asks, in a modal naming the address, whether to connect to the Docker engine on another
   * machine that devops.yaml names; a yes is kept for this workspace's devops.yaml and that
   * address only, and the engines start again. Resolves with whether it was allowed.
   */
  async allowHost(address: string): Promise<boolean> {
    if (!this.trust.isTrusted) throw new DevopsError('untrusted', 'DevOps Loop connects to no engine in Restricted Mode; trust this folder first');
    const connect = 'Connect';
    const plain = address.startsWith('tcp://') ? ' Plain tcp:// is not encrypted: anyone on the way can read and change what is sent, and an engine that answers there can run anything on its machine.' : '';
    const answer = await this.prompts.modal({
      topic: 'engines.allowHost',
      text: `Connect to the Docker engine at ${address}?`,
      detail: `devops.yaml names an engine on another machine. DevOps Loop lists its containers and sends it the actions you confirm (start, stop, shell, deploys).${plain} Connect only to an engine you know.`,
      buttons: [connect],
      subject: { address },
    });
    if (answer !== connect) return false;
    await this.consents.update(ALLOWED_HOSTS_KEY, [...new Set([...this.allowedHosts(), this.hostConsentId(address)])]);
    await this.apply();
    return true;
  }

  private allowedHosts(): string[] {
    const stored = this.consents.get<unknown>(ALLOWED_HOSTS_KEY);
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  }

  private hostConsentId(address: string): string {
    return JSON.stringify([this.configStore.snapshot.uri?.toString() ?? '', address]);
  }

  /**
   * Whether a kubeconfig's credential plugin may run: it runs a program outside the process
   * runner, so only in a trusted workspace and once the user allowed exactly that program in
   * a modal. The one approval of the editor: the live engines and the Kubernetes deploy
   * targets ask it, and a yes holds for both until the window closes.
   */
  async allowCredentialHelper(helper: CredentialHelper): Promise<boolean> {
    if (!this.trust.isTrusted) return false;
    const key = JSON.stringify([helper.kubeconfig, helper.context, helper.kind, helper.command, helper.args, helper.env]);
    if (this.allowedHelpers.has(key)) return true;
    // The engines and a deploy may ask at once: one dialog answers both.
    let asking = this.askingHelpers.get(key);
    if (!asking) {
      asking = this.askHelper(helper, key).finally(() => this.askingHelpers.delete(key));
      this.askingHelpers.set(key, asking);
    }
    return asking;
  }

  private async askHelper(helper: CredentialHelper, key: string): Promise<boolean> {
    const allow = 'Allow';
    const command = [helper.command, ...helper.args].join(' ');
    const from = helper.source === 'workspace' ? `the workspace's kubeconfig ${helper.kubeconfig}` : `your kubeconfig ${helper.kubeconfig}`;
    const answer = await this.prompts.modal({ topic: 'engines.credentialHelper', text: `Run the credential plugin of Kubernetes context ${helper.context}?`, detail: `${from} gets the credentials of user ${helper.user} by running:\n\n${command}\n\nA yes holds for this window: the Services view and deploys to this context use it.`, buttons: [allow], subject: { context: helper.context, command } });
    if (answer !== allow) return false;
    this.allowedHelpers.add(key);
    return true;
  }

  private start(): void {
    const controller = (this.watching = new AbortController());
    for (const entry of this.entries) {
      const onSnapshot = (snapshot: EngineSnapshot): void => {
        if (controller.signal.aborted) return;
        entry.snapshot = snapshot;
        if (snapshot.error) this.log.warn(`engine ${snapshot.engineId}: ${snapshot.error.message}`);
        this.changed.fire();
      };
      entry.backend.watch(onSnapshot, controller.signal).catch((error: unknown) => {
        if (!controller.signal.aborted) this.log.error(`engine ${entry.backend.id} stopped:`, error instanceof Error ? error.message : String(error));
      });
    }
  }

  private stop(): void {
    this.watching?.abort();
    this.watching = undefined;
  }
}

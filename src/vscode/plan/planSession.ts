import * as vscode from 'vscode';
import { createPlanProvider } from '../../backends/plan/createPlanProvider';
import type { PlanConfig } from '../../core/config/schema';
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import { PlanModel } from '../../core/plan/planModel';
import type { PlanChange } from '../../core/plan/planModel';
import type { Git } from '../../core/ports';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { ConfigStore } from '../config/configStore';
import type { Credentials } from '../credentials/credentials';
import { DisposableOwner } from '../disposableStore';
import type { HeadWatcher } from '../git/headWatcher';
import type { NetworkChoices } from '../http/networkChoices';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { ProblemsPublisher } from '../config/problemsPublisher';
import { EditorSprintText } from './editorSprintText';
import { SprintFileWatch } from './sprintFileWatch';

/** Interest topic and job id of the remote plan refresh in the one scheduler. */
export const planRefreshTopic = 'plan';

/** How a remote plan reaches its server. */
export interface PlanRemoteAccess {
  /** The one credential module, shared with the CI Runs view. */
  credentials: Credentials;
  /** The gate every request passes (Restricted Mode, connection count). */
  network: NetworkGate;
  /** The user's proxy and CA. */
  choices: NetworkChoices;
}

/** What the session holds for the current plan section of devops.yaml. */
export interface PlanSessionState {
  model: PlanModel;
  config: PlanConfig;
  /** Git of the working tree where branches are made: the folder of devops.yaml. */
  git: Git;
  /** The sprint file of the `file` plan. */
  sprintFile?: vscode.Uri;
}

/**
 * Owns the PlanModel for devops.yaml's plan section: builds it through createPlanProvider,
 * loads the sprint file when it changes (SprintFileWatch) and remote sprints through the
 * one scheduler (only while the view is visible), and follows the checked-out branch.
 */
export class PlanSession extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<PlanChange | undefined>());
  /** Fires on any change of the model or when a new model replaces the old one. */
  readonly onDidChange = this.changed.event;
  private current: (PlanSessionState & { key: string; parts: vscode.Disposable[]; watch?: SprintFileWatch }) | undefined;
  /** Why no model could be built for the plan section (e.g. github without plan.repository). */
  setupError: Error | undefined;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly problems: ProblemsPublisher,
    private readonly scheduler: RefreshScheduler,
    private readonly trust: WorkspaceTrustGate,
    private readonly remote: PlanRemoteAccess,
    private readonly log: vscode.LogOutputChannel,
    private readonly head: HeadWatcher,
    private readonly git: Git,
  ) {
    super();
    this.register(configStore.onDidChange(() => this.follow()));
    // A remote provider takes the user's proxy and CA when it is built: a change rebuilds it.
    this.register(remote.choices.onDidChange(() => this.follow()));
    // In Restricted Mode a remote sprint is refused at the network gate; trust loads it.
    this.register(trust.onDidChange(() => {
      void this.readBranch();
      if (this.current && this.current.config.provider !== 'file') this.scheduler.refreshNow(planRefreshTopic);
    }));
    this.register(head.onDidChange((moved) => this.current?.model.setActiveBranch(moved.branch)));
    this.register(new vscode.Disposable(() => this.drop()));
    this.follow();
  }

  get state(): PlanSessionState | undefined {
    return this.current;
  }

  /** Loads now: the sprint file directly, a remote sprint through its scheduler job. */
  async refresh(): Promise<void> {
    const session = this.current;
    if (!session) return;
    if (session.watch) {
      await session.watch.reload();
      return;
    }
    this.scheduler.refreshNow(planRefreshTopic);
    await session.model.refresh(new AbortController().signal);
  }

  /** Reads the checked-out branch again (after Start work; the shared HEAD watcher follows checkouts). */
  async readBranch(): Promise<void> {
    const session = this.current;
    // Git runs only in a trusted repository; the watcher reads nothing otherwise.
    if (!session || !this.trust.isTrusted) return;
    const head = await this.head.read();
    session.model.setActiveBranch(head.branch);
    if (head.branch === undefined && head.commit === undefined) return;
    if (session.model.currentUser === undefined && session.config.provider === 'file') {
      const name = await session.git.userName().catch((error: unknown) => {
        this.log.warn('cannot read git user.name:', error instanceof Error ? error.message : String(error));
        return undefined;
      });
      if (name) session.model.setCurrentUser(name);
    }
  }

  private follow(): void {
    const { config, uri } = this.configStore.snapshot;
    if (!config?.plan || !uri) {
      this.drop();
      this.changed.fire(undefined);
      return;
    }
    const configDir = vscode.Uri.joinPath(uri, '..');
    const choices = this.remote.choices.choicesFor(configDir.fsPath);
    const connection = config.plan.provider === 'file' ? undefined : { ...choices.fallback, caFile: choices.userCaFile };
    const key = JSON.stringify([configDir.toString(), config.plan, connection]);
    if (this.current?.key === key) return;
    this.drop();
    try {
      this.current = this.create(config.plan, configDir, key, connection);
    } catch (error) {
      this.setupError = error instanceof Error ? error : new DevopsError('invalid-config', String(error));
      this.changed.fire(undefined);
      return;
    }
    void this.readBranch();
    void this.current.watch?.reload();
    this.changed.fire(undefined);
  }

  /** Resolves when the sprint file's load under way (the first one, after activation) has finished. */
  settled(): Promise<void> {
    return this.current?.watch?.settled() ?? Promise.resolve();
  }

  private create(plan: PlanConfig, configDir: vscode.Uri, key: string, connection: PlanConnection | undefined): NonNullable<PlanSession['current']> {
    const sprintFile = plan.provider === 'file' ? vscode.Uri.joinPath(configDir, plan.file) : undefined;
    const { credentials } = this.remote;
    const provider = createPlanProvider(plan, {
      configDir: configDir.fsPath,
      sprintText: sprintFile && new EditorSprintText(sprintFile, configDir.fsPath),
      githubToken: (origin) => credentials.githubToken(origin),
      gitlabToken: (origin) => credentials.gitlabToken(origin),
      jiraCredentials: (origin) => credentials.jiraCredentials(origin),
      network: this.remote.network,
      proxy: connection?.proxy,
      noProxy: connection?.noProxy,
      caFile: connection?.caFile,
    });
    const model = new PlanModel({ provider, statuses: plan.statuses, branchTemplate: plan.branchTemplate });
    const parts: vscode.Disposable[] = [model];
    const watch = sprintFile && new SprintFileWatch(sprintFile, model, this.problems);
    if (watch) parts.push(watch);
    parts.push(toVscode(model.onDidChange((change) => this.onModelChange(change))));
    if (plan.provider !== 'file') {
      parts.push(toVscode(this.scheduler.register({
        id: planRefreshTopic,
        topic: planRefreshTopic,
        idleIntervalMs: 5 * 60_000,
        timeoutMs: 30_000,
        run: async ({ signal }) => {
          await model.refresh(signal);
          // A failure goes back to the scheduler too, so it backs off.
          if (model.state.error) throw model.state.error;
        },
      })));
    }
    return { model, config: plan, git: this.git, sprintFile, key, parts, watch };
  }

  private onModelChange(change: PlanChange): void {
    if (change.kind === 'failed') this.log.warn('plan load failed:', change.error.message);
    this.changed.fire(change);
  }

  private drop(): void {
    this.setupError = undefined;
    for (const part of this.current?.parts.reverse() ?? []) part.dispose();
    this.current = undefined;
  }
}

/** The proxy and CA a remote plan is built with: the user's own. */
interface PlanConnection {
  proxy?: string;
  noProxy?: readonly string[];
  caFile?: string;
}

function toVscode(disposable: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => disposable.dispose());
}

import { join } from 'node:path';
import * as vscode from 'vscode';
import { GitCli } from '../backends/git/gitCli';
import { ApprovalFile } from '../backends/process/approvalFile';
import { NodeProcessRunner } from '../backends/process/nodeProcessRunner';
import { ApprovedCommands } from '../core/approval/approvedCommands';
import type { Git, NetworkGate, ProcessRunner } from '../core/ports';
import { RefreshScheduler } from '../core/refresh/refreshScheduler';
import { setSafeTimeout } from '../core/safeTimers';
import { CommandRunner } from './commands/commandRunner';
import { ConfigStore } from './config/configStore';
import { ProblemsPublisher } from './config/problemsPublisher';
import { ContextKeys } from './contextKeys';
import { Credentials } from './credentials/credentials';
import { SignInCommands } from './credentials/signInCommands';
import { registerRegistryLogin } from './credentials/registryLogin';
import { DisposableStore } from './disposableStore';
import { ExternalLinks } from './externalLinks';
import { HeadWatcher } from './git/headWatcher';
import { NetworkChoices } from './http/networkChoices';
import { RecordingPrompts } from './prompts/recordingPrompts';
import { EditorPrompts } from './prompts/userPrompts';
import { Settings } from './settings';
import { WorstOfStatusBar } from './statusBar/statusBarItem';
import { ApprovalQuestions } from './trust/approvalQuestions';
import { GatedProcessRunner } from './trust/gatedProcessRunner';
import { PortUsage } from './trust/portUsage';
import { TrustedNetworkGate } from './trust/trustedNetworkGate';
import { WorkspaceTrustGate } from './trust/workspaceTrustGate';
import type { CommandStubs } from './commands/commandStubs';
import type { TreeViewSlots } from './trees/treeViewSlots';

/** What activation registered for the features to fill: the contributed commands and tree views. */
export interface ActivationSlots {
  commands: CommandStubs;
  views: TreeViewSlots;
}

/**
 * What every feature part is built on, each made once: devops.yaml, trust, the one process
 * runner, network gate, scheduler, HEAD watcher, credentials, prompts, command runner and
 * status bar item. It owns them and the parts added to it; dispose releases the parts
 * first (reverse order), then these. Nothing here spawns, connects or reads the disk.
 */
export class Foundation extends DisposableStore {
  readonly log = this.add(vscode.window.createOutputChannel('DevOps Loop', { log: true }));
  /** Every question and notice; recorded, so the test API can read and answer them. */
  readonly prompts = new RecordingPrompts(new EditorPrompts());
  readonly settings = new Settings();
  readonly contextKeys = new ContextKeys();
  readonly trust = this.add(new WorkspaceTrustGate(this.contextKeys));
  /** Process starts and connections through the ports, for the test API. */
  readonly usage = new PortUsage();
  readonly folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  /** The one network gate: every connection of every backend passes it. */
  readonly network: NetworkGate = new TrustedNetworkGate(this.trust, this.usage);
  readonly credentials: Credentials;
  readonly choices: NetworkChoices;
  readonly links = new ExternalLinks(this.prompts);
  readonly problems = this.add(new ProblemsPublisher());
  readonly configStore: ConfigStore;
  /** The one process runner: refuses in Restricted Mode and what the user did not approve. */
  readonly processRunner: ProcessRunner;
  /** Asks the user to approve devops.yaml's commands, for every feature. */
  readonly approvals: ApprovalQuestions;
  readonly git: Git;
  /** The one HEAD watcher: the branch and commit every feature follows. */
  readonly head: HeadWatcher;
  /** The one refresh scheduler: every poll and probe registers here. */
  readonly scheduler = this.add(new RefreshScheduler({ groupConcurrency: { services: 16 } }));
  readonly statusBar = this.add(new WorstOfStatusBar());
  readonly commands: CommandRunner;
  /** The contributed tree views, created at activation. */
  readonly views: TreeViewSlots;
  readonly signIns: SignInCommands;
  private readonly refreshers: (() => Promise<void>)[] = [];
  private readonly firstReads: (() => Promise<void>)[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    slots: ActivationSlots,
  ) {
    super();
    this.commands = new CommandRunner(this.log, this.prompts, slots.commands);
    this.views = slots.views;
    this.credentials = this.add(new Credentials(context.secrets, this.settings, this.prompts));
    this.choices = this.add(new NetworkChoices(this.settings, this.trust, context.globalState, this.prompts));
    this.configStore = this.add(new ConfigStore(this.folder, this.problems, this.contextKeys, this.log));
    // Approvals live in the user's global storage, never in the workspace: a repository must not approve its own commands.
    const approved = this.add(new ApprovedCommands(new ApprovalFile(join(context.globalStorageUri.fsPath, 'approved-commands.json')), this.configStore.snapshot.uri?.fsPath ?? ''));
    this.processRunner = new GatedProcessRunner(this.trust, approved, this.usage, new NodeProcessRunner({ isTrusted: () => this.trust.isTrusted }));
    this.approvals = this.add(new ApprovalQuestions(approved, this.trust, this.prompts, () => this.folder?.fsPath ?? ''));
    this.git = new GitCli(this.processRunner, this.folder?.fsPath ?? process.cwd());
    this.head = this.add(new HeadWatcher(this.folder, this.git, this.trust, this.log));
    this.scheduler.setFocused(vscode.window.state.focused);
    this.add(vscode.window.onDidChangeWindowState((state) => this.scheduler.setFocused(state.focused)));
    this.signIns = new SignInCommands(this.credentials, this.prompts);
    this.add(this.signIns.register(this.commands));
    this.add(registerRegistryLogin(this.commands, { credentials: this.credentials, prompts: this.prompts, config: () => this.configStore.snapshot.config }));
  }

  /** Adds what a part reads again on Refresh, after devops.yaml. */
  addRefresher(refresh: () => Promise<void>): vscode.Disposable {
    this.refreshers.push(refresh);
    return new vscode.Disposable(() => this.refreshers.splice(this.refreshers.indexOf(refresh), 1));
  }

  /** Adds a first read of a part that `start()` waits for, after devops.yaml's. */
  addFirstRead(read: () => Promise<void>): void {
    this.firstReads.push(read);
  }

  /** Reads devops.yaml again, then what every part added. */
  async refreshAll(): Promise<void> {
    await this.configStore.reload();
    for (const refresh of [...this.refreshers]) await refresh();
  }

  /** Starts the first reads on a later tick, so activation never waits for the disk; resolves once they are done. */
  start(): Promise<void> {
    return new Promise<void>((resolve) => setSafeTimeout(resolve, 0))
      .then(() => Promise.all([this.configStore.start(), this.credentials.retireFixedKeySecrets()]))
      .then(() => Promise.all(this.firstReads.map((read) => read())))
      .then(() => undefined)
      .catch((error: unknown) => this.log.error('first read failed:', error instanceof Error ? error.message : String(error)));
  }
}

import * as vscode from 'vscode';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { CommandRunner } from '../commands/commandRunner';
import type { ConfigStore } from '../config/configStore';
import { DisposablePart } from '../disposableStore';
import type { TreeViewProbe } from '../testApi';
import { CiCommandId, registerCiCommands } from './ciCommands';
import { CiCredentials, githubSecretKey } from './ciCredentials';
import { CiLogDocuments } from './ciLogDocuments';
import { CiNotifier, type CiNotification, type CiNotifyScope } from './ciNotifier';
import { CiSession } from './ciSession';
import { CiTreeProvider, createCiTreeView } from './ciTreeProvider';

/** What the integration tests read of the CI Runs view. */
export interface CiTestProbe {
  /** The view's rows. */
  readonly view: TreeViewProbe;
  /** Transition notifications shown since activation. */
  readonly notifications: readonly CiNotification[];
  /** What expanding a run row does: load and watch its jobs. */
  expand(rowId: string): void;
  /** Polls every CI backend now. */
  refreshNow(): void;
  /** Stores the GitHub token read instead of a sign-in while devops.ci.github.tokenFromSecretStorage is on (tests cannot sign in). */
  storeGithubToken(token: string): Thenable<void>;
}

export interface CiPartsOptions {
  context: vscode.ExtensionContext;
  configStore: ConfigStore;
  scheduler: RefreshScheduler;
  commands: CommandRunner;
  log: vscode.LogOutputChannel;
}

const scopes: readonly CiNotifyScope[] = ['mine', 'watched', 'all', 'off'];

// Everything of the CI Runs view, built in one place so extension.ts wires one line.
export class CiParts extends DisposablePart {
  readonly probe: CiTestProbe;

  constructor(options: CiPartsOptions) {
    super();
    const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('devops.ci');
    const credentials = this.register(new CiCredentials(options.context.secrets, () => settings().get<boolean>('github.tokenFromSecretStorage') === true));
    const notifier = new CiNotifier(
      () => {
        const value = settings().get<string>('notifications');
        return scopes.find((scope) => scope === value) ?? 'all';
      },
      async (action, providerKey, transition) => {
        const rowId = `ci/${providerKey}/run/${transition.run.id}`;
        const command = action === 'rerun' ? CiCommandId.rerunFailed : CiCommandId.openLog;
        await vscode.commands.executeCommand(command, rowId);
      },
    );
    const session = this.register(new CiSession(options.configStore, options.scheduler, credentials, notifier));
    const tree = this.register(new CiTreeProvider(session, options.log));
    this.register(createCiTreeView(tree, options.scheduler));
    const logs = this.register(new CiLogDocuments(session, options.scheduler));
    this.register(registerCiCommands(options.commands, { session, tree, logs, credentials }));
    this.probe = {
      view: tree,
      get notifications() { return notifier.shown; },
      expand: (rowId) => tree.expand(rowId),
      refreshNow: () => { for (const entry of session.entries) entry.model.refreshNow(); },
      storeGithubToken: (token) => options.context.secrets.store(githubSecretKey, token),
    };
  }
}

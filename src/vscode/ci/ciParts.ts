import * as vscode from 'vscode';
import type { NetworkGate } from '../../core/ports';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { CommandRunner } from '../commands/commandRunner';
import type { ConfigStore } from '../config/configStore';
import type { ContextKeys } from '../contextKeys';
import type { Credentials } from '../credentials/credentials';
import { DisposablePart } from '../disposableStore';
import type { HeadWatcher } from '../git/headWatcher';
import type { ExternalLinks } from '../externalLinks';
import type { NetworkChoices } from '../http/networkChoices';
import { PipelinePrompts } from '../pipeline/pipelinePrompts';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { TreeViewProbe } from '../testApi';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { CommandId } from '../commands/commandTable';
import type { SignInCommands } from '../credentials/signInCommands';
import { ciSignInSource, registerCiCommands } from './ciCommands';
import type { CiRowTarget } from './ciRows';
import { CiLogDocuments } from './ciLogDocuments';
import { CiNotifier, type CiNotifyScope } from './ciNotifier';
import { CiPrompts } from './ciPrompts';
import { CiSession } from './ciSession';
import { CiTree } from './ciTree';
import { ciTopic } from './ciSession';
import { RowTreeView } from '../trees/rowTreeView';

/** What the integration tests read of the CI Runs view. */
export interface CiTestProbe {
  /** The view's rows. */
  readonly view: TreeViewProbe;
  /** What expanding a run row does: load and watch its jobs. */
  expand(rowId: string): void;
  /** Polls every CI backend now. */
  refreshNow(): void;
  /** Colours painted on the visible editor of a CI log document: look ("fg=red bold") and ranges. */
  logColours(uri: vscode.Uri): readonly { style: string; ranges: readonly vscode.Range[] }[];
}

export interface CiPartsOptions {
  configStore: ConfigStore;
  scheduler: RefreshScheduler;
  commands: CommandRunner;
  log: vscode.LogOutputChannel;
  /** The one HEAD watcher: the current branch's runs follow checkouts. */
  head: HeadWatcher;
  /** The one credential module, shared with the Plan. */
  credentials: Credentials;
  /** The sign-in commands: the CI entries' servers are among what they offer. */
  signIns: SignInCommands;
  /** The gate every CI request passes (Restricted Mode, connection count). */
  network: NetworkGate;
  /** The user's proxy and CA, and consents to devops.yaml's. */
  choices: NetworkChoices;
  trust: WorkspaceTrustGate;
  settings: Settings;
  /** Opens run and job pages (http/https only). */
  links: ExternalLinks;
  /** Every question and notice. */
  prompts: UserPrompts;
  /** The pipeline's modals: a CI deploy to a protected environment asks the same confirmDeploy. An own instance when absent. */
  deployPrompts?: PipelinePrompts;
  /** Where the CI context keys (devops.ci.needsSignIn…) are set, so the test API reads them. An own instance when absent. */
  contextKeys?: ContextKeys;
}

const scopes: readonly CiNotifyScope[] = ['mine', 'watched', 'all', 'off'];

// Everything of the CI Runs view, built in one place so extension.ts wires one line.
export class CiParts extends DisposablePart {
  readonly probe: CiTestProbe;

  constructor(options: CiPartsOptions) {
    super();
    const { credentials } = options;
    const notifier = new CiNotifier(
      options.prompts,
      () => {
        const value = options.settings.get('ci.notifications');
        return scopes.find((scope) => scope === value) ?? 'all';
      },
      async (action, providerKey, transition) => {
        const target: CiRowTarget = { entryKey: providerKey, run: transition.run };
        await vscode.commands.executeCommand(action === 'rerun' ? CommandId.ciRerunFailed : CommandId.ciOpenLog, target);
      },
    );
    const deps = { credentials, network: options.network, choices: options.choices, trust: options.trust };
    const session = this.register(new CiSession(options.configStore, options.scheduler, deps, notifier, options.head, options.contextKeys));
    const tree = this.register(new CiTree(session, options.log));
    this.register(new RowTreeView(tree, { whileVisible: () => options.scheduler.addInterest(ciTopic) }));
    const logs = this.register(new CiLogDocuments(session, options.scheduler));
    const prompts = new CiPrompts(options.prompts);
    const deploys = options.deployPrompts ?? new PipelinePrompts(options.prompts);
    const trigger = {
      prompts,
      deploys,
      environments: () => options.configStore.snapshot.config?.environments ?? {},
      head: () => session.readHead(),
    };
    this.register(registerCiCommands(options.commands, { session, tree, logs, trigger, links: options.links }));
    this.register(options.signIns.addSource(ciSignInSource(session, tree)));
    this.probe = {
      view: tree,
      expand: (rowId) => {
        const row = tree.findRow(rowId);
        if (row) tree.expanded(row);
      },
      refreshNow: () => { for (const entry of session.entries) entry.model.refreshNow(); },
      logColours: (uri) => logs.paintedColours(uri),
    };
  }
}

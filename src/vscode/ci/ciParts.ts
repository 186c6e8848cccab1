import * as vscode from 'vscode';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { CommandRunner } from '../commands/commandRunner';
import type { ConfigStore } from '../config/configStore';
import type { ContextKeys } from '../contextKeys';
import { DisposablePart } from '../disposableStore';
import type { HeadWatcher } from '../git/headWatcher';
import { PipelinePrompts, type PipelinePrompt, type PromptAnswerer } from '../pipeline/pipelinePrompts';
import type { TreeViewProbe } from '../testApi';
import { CiCommandId, registerCiCommands } from './ciCommands';
import { CiCredentials, githubSecretKey, gitlabSecretKey, jenkinsSecretKey } from './ciCredentials';
import { CiLogDocuments } from './ciLogDocuments';
import { CiNotifier, type CiNotification, type CiNotifyScope } from './ciNotifier';
import { CiPrompts, type CiAnswerer, type CiMessage, type CiQuestion } from './ciPrompts';
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
  /** Colours painted on the visible editor of a CI log document: look ("fg=red bold") and ranges. */
  logColours(uri: vscode.Uri): readonly { style: string; ranges: readonly vscode.Range[] }[];
  /** Stores a GitLab token for a devops.yaml `baseUrl` (undefined: gitlab.com), as Set GitLab Token does. */
  storeGitlabToken(baseUrl: string | undefined, token: string): Thenable<void>;
  /** Stores a Jenkins user and API token for a devops.yaml `baseUrl`, as Set Jenkins Credentials does. */
  storeJenkinsCredentials(baseUrl: string, user: string, token: string): Thenable<void>;
  /** Questions the CI commands asked (trigger's ref, target, inputs, variables), oldest first. */
  readonly prompts: readonly CiQuestion[];
  /** Answers those questions instead of the user; undefined shows the input boxes again. */
  answerPrompts(answerer: CiAnswerer | undefined): void;
  /** What the CI commands told the user: started, rerunning, refused, failed. */
  readonly messages: readonly CiMessage[];
  /** Protected-deploy modals a trigger asked (the pipeline's confirmDeploy), oldest first. */
  readonly deployPrompts: readonly PipelinePrompt[];
  /** Answers the protected-deploy modal instead of the user; undefined shows the modal again. */
  answerDeploys(answerer: PromptAnswerer | undefined): void;
}

export interface CiPartsOptions {
  context: vscode.ExtensionContext;
  configStore: ConfigStore;
  scheduler: RefreshScheduler;
  commands: CommandRunner;
  log: vscode.LogOutputChannel;
  /** The one HEAD watcher: the current branch's runs follow checkouts. */
  head: HeadWatcher;
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
    const session = this.register(new CiSession(options.configStore, options.scheduler, credentials, notifier, options.head, options.contextKeys));
    const tree = this.register(new CiTreeProvider(session, options.log));
    this.register(createCiTreeView(tree, options.scheduler));
    const logs = this.register(new CiLogDocuments(session, options.scheduler));
    const prompts = new CiPrompts();
    const deploys = options.deployPrompts ?? new PipelinePrompts();
    const trigger = {
      prompts,
      deploys,
      environments: () => options.configStore.snapshot.config?.environments ?? {},
      head: () => session.readHead(),
    };
    this.register(registerCiCommands(options.commands, { session, tree, logs, credentials, trigger }));
    this.probe = {
      view: tree,
      get notifications() { return notifier.shown; },
      expand: (rowId) => tree.expand(rowId),
      refreshNow: () => { for (const entry of session.entries) entry.model.refreshNow(); },
      storeGithubToken: (token) => options.context.secrets.store(githubSecretKey, token),
      storeGitlabToken: (baseUrl, token) => options.context.secrets.store(gitlabSecretKey(baseUrl), token),
      storeJenkinsCredentials: (baseUrl, user, token) => options.context.secrets.store(jenkinsSecretKey(baseUrl), JSON.stringify({ user, token })),
      get prompts() { return prompts.log; },
      answerPrompts: (answerer) => prompts.answerWith(answerer),
      get messages() { return prompts.messages; },
      get deployPrompts() { return deploys.log; },
      answerDeploys: (answerer) => deploys.answerWith(answerer),
      logColours: (uri) => logs.paintedColours(uri),
    };
  }
}

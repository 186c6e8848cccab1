import * as vscode from 'vscode';
import { createPullRequestProvider, pullRequestHostOf, pullRequestOrigin } from '../../backends/pullRequests/createPullRequestProvider';
import type { PullRequestHost } from '../../backends/pullRequests/createPullRequestProvider';
import { parseRemoteUrl } from '../../backends/scaffold/gitRemote';
import type { Git, NetworkGate } from '../../core/ports';
import { PullRequestModel } from '../../core/pullRequests/pullRequestModel';
import { pushTargetOf } from '../../core/pullRequests/pushTarget';
import type { PushTarget } from '../../core/pullRequests/pushTarget';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { ConfigStore } from '../config/configStore';
import type { Credentials } from '../credentials/credentials';
import { DisposableOwner } from '../disposableStore';
import type { HeadWatcher } from '../git/headWatcher';
import type { NetworkChoices } from '../http/networkChoices';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/** How the code host is reached: the one credential module, the network gate, the user's proxy and CA, trust. */
export interface ReviewRemoteAccess {
  credentials: Credentials;
  network: NetworkGate;
  choices: NetworkChoices;
  trust: WorkspaceTrustGate;
}

/** What the session holds while devops.yaml names a GitHub or GitLab repository. */
export interface ReviewState {
  host: PullRequestHost;
  /** "owner/repo" or "group/project". */
  repository: string;
  /** The request of the checked-out branch; polled only while signed in and the Plan view is visible. */
  model: PullRequestModel;
  /** False while the host's origin has no credential: the view offers sign-in. */
  signedIn: boolean;
  /** Where the branch is pushed; undefined until origin was read (git runs only when trusted). */
  pushTarget: PushTarget | undefined;
}

/**
 * The pull or merge request of the checked-out branch: follows devops.yaml (the code host of
 * pipeline.ci or the plan), the credentials, the user's proxy and CA and trust, and the one
 * HEAD watcher for the branch. Polls on the Plan view's interest topic, so only while it shows.
 */
export class ReviewSession extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the state or the request changed. */
  readonly onDidChange = this.changed.event;
  private current: (ReviewState & { key: string; parts: { dispose(): void }[] }) | undefined;
  private generation = 0;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly scheduler: RefreshScheduler,
    private readonly access: ReviewRemoteAccess,
    private readonly head: HeadWatcher,
    private readonly git: Git,
    private readonly topic: string,
  ) {
    super();
    // Tokens are asked per request; a sign-in or sign-out, a proxy or CA choice and trust rebuild the client.
    for (const event of [configStore.onDidChange, access.credentials.onDidChange, access.choices.onDidChange, access.trust.onDidChange]) {
      this.register(event(() => void this.follow()));
    }
    this.register(head.onDidChange((moved) => {
      this.current?.model.setBranch(moved.branch);
      void this.readPushTarget();
    }));
    this.register(new vscode.Disposable(() => this.drop()));
    void this.follow();
  }

  get state(): ReviewState | undefined {
    return this.current;
  }

  /** Reads the request now (Refresh, after create and merge). */
  async refresh(): Promise<void> {
    const state = this.current;
    if (!state?.signedIn) return;
    await this.readPushTarget();
    await state.model.refresh(new AbortController().signal);
  }

  /** Reads origin again and says where a push goes. */
  async readPushTarget(): Promise<PushTarget | undefined> {
    const state = this.current;
    if (!state || !this.access.trust.isTrusted) return undefined;
    const url = await this.git.remoteUrl('origin').catch(() => undefined);
    const target = pushTargetOf(url, url === undefined ? undefined : parseRemoteUrl(url)?.path, state.repository);
    if (this.current === state && JSON.stringify(target) !== JSON.stringify(state.pushTarget)) {
      state.pushTarget = target;
      this.rebuildFor(target);
      this.changed.fire();
    }
    return target;
  }

  private async follow(): Promise<void> {
    const host = pullRequestHostOf(this.configStore.snapshot.config);
    const origin = host && pullRequestOrigin(host);
    const generation = ++this.generation;
    const signedIn = origin !== undefined && host !== undefined && (await this.access.credentials.has(host.provider, origin).catch(() => false));
    if (generation !== this.generation) return;
    const root = this.configStore.snapshot.uri ? vscode.Uri.joinPath(this.configStore.snapshot.uri, '..').fsPath : '';
    const key = JSON.stringify([host, signedIn, this.access.choices.choicesFor(root).fallback, this.access.trust.isTrusted]);
    if (this.current?.key === key) return;
    this.drop();
    if (host && origin !== undefined) this.current = this.build(host, signedIn, root, key, undefined);
    this.changed.fire();
    await this.readPushTarget();
  }

  /** A fork changes whose branch the request names; the model is rebuilt with the fork's owner. */
  private rebuildFor(target: TargetOrUndefined): void {
    const state = this.current;
    const owner = target?.kind === 'fork' ? target.owner : undefined;
    if (!state || state.model.headOwner === owner) return;
    const root = this.configStore.snapshot.uri ? vscode.Uri.joinPath(this.configStore.snapshot.uri, '..').fsPath : '';
    this.drop();
    this.current = this.build(state.host, state.signedIn, root, state.key, target);
  }

  private build(host: PullRequestHost, signedIn: boolean, root: string, key: string, pushTarget: TargetOrUndefined): NonNullable<ReviewSession['current']> {
    const { credentials, network, choices } = this.access;
    const provider = createPullRequestProvider(host, {
      githubToken: (origin) => credentials.githubToken(origin),
      gitlabToken: (origin) => credentials.gitlabToken(origin),
      network,
      choices: choices.choicesFor(root),
    });
    const headOwner = pushTarget?.kind === 'fork' ? pushTarget.owner : undefined;
    const model = new PullRequestModel({ provider, scheduler: this.scheduler, topic: this.topic, headOwner });
    const parts: { dispose(): void }[] = [model.onDidChange(() => this.changed.fire())];
    if (signedIn) parts.push(model.start());
    parts.push({ dispose: () => { model.dispose(); provider.dispose?.(); } });
    model.setBranch(this.head.head.branch);
    const repository = (host.provider === 'github' ? host.repository : host.project) ?? '';
    return { host, repository, model, signedIn, pushTarget, key, parts };
  }

  private drop(): void {
    for (const part of this.current?.parts.reverse() ?? []) part.dispose();
    this.current = undefined;
  }
}

type TargetOrUndefined = PushTarget | undefined;

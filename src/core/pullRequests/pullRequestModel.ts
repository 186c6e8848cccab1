import { isCancellation } from '../errors';
import { type Disposable, type Event, EventEmitter } from '../refresh/eventEmitter';
import type { RefreshScheduler } from '../refresh/refreshScheduler';
import { stillSettling } from './pullRequestSummary';
import type { PullRequest, PullRequestProvider } from './pullRequestTypes';

// The request of the checked-out branch, kept fresh by one job of the one scheduler:
// every 30 s while its checks run or the host is still computing mergeability, every
// 5 minutes otherwise, and only while someone looks (the Plan view). The provider's
// conditional requests make a steady poll cost one 304.

/** Where the model stands. */
export interface PullRequestState {
  /** The branch followed; undefined on a detached HEAD or before the first read of HEAD. */
  branch: string | undefined;
  /** True once a read for this branch finished (with or without a request). */
  loaded: boolean;
  /** The branch's request, when it has one. */
  pullRequest: PullRequest | undefined;
  /** Why the last read failed; the last good request is kept. */
  error: Error | undefined;
}

export interface PullRequestModelOptions {
  provider: PullRequestProvider;
  scheduler: RefreshScheduler;
  /** Interest topic: the job runs only while someone is interested. */
  topic: string;
  /** The fork owner when the branch is pushed to a fork of the repository. */
  headOwner?: string;
  /** Poll interval while checks run; default 30 s. */
  activeIntervalMs?: number;
  /** Poll interval otherwise; default 5 minutes. */
  idleIntervalMs?: number;
}

let nextJob = 1;

export class PullRequestModel implements Disposable {
  private readonly changed = new EventEmitter<PullRequestState>();
  /** Fires after every read that changed something and when the branch changes. */
  readonly onDidChange: Event<PullRequestState> = this.changed.event;
  readonly jobId = `pull-request/${nextJob++}`;
  private current: PullRequestState = { branch: undefined, loaded: false, pullRequest: undefined, error: undefined };
  private registration: Disposable | undefined;
  private generation = 0;

  constructor(private readonly options: PullRequestModelOptions) {}

  get provider(): PullRequestProvider {
    return this.options.provider;
  }

  get state(): PullRequestState {
    return this.current;
  }

  get headOwner(): string | undefined {
    return this.options.headOwner;
  }

  /** Starts polling through the scheduler; dispose the result (or the model) to stop. */
  start(): Disposable {
    this.registration ??= this.options.scheduler.register({
      id: this.jobId,
      topic: this.options.topic,
      idleIntervalMs: this.options.idleIntervalMs ?? 5 * 60_000,
      activeIntervalMs: this.options.activeIntervalMs ?? 30_000,
      isActive: () => this.isActive(),
      timeoutMs: 30_000,
      run: async ({ signal }) => {
        await this.refresh(signal);
        if (this.current.error) throw this.current.error;
      },
    });
    return { dispose: () => this.stop() };
  }

  /** Follows another branch: the old request is forgotten and the new one read at once. */
  setBranch(branch: string | undefined): void {
    if (branch === this.current.branch) return;
    this.generation++;
    this.current = { branch, loaded: false, pullRequest: undefined, error: undefined };
    this.changed.fire(this.current);
    this.refreshNow();
  }

  /** Asks the scheduler to read now (it runs only while someone is interested). */
  refreshNow(): void {
    if (this.registration) this.options.scheduler.refreshNow(this.jobId);
  }

  /** Reads the branch's request; a failure is kept in the state, never thrown (except a cancel). */
  async refresh(signal: AbortSignal): Promise<void> {
    const { branch } = this.current;
    const generation = this.generation;
    if (branch === undefined) {
      this.update({ ...this.current, loaded: true, pullRequest: undefined, error: undefined });
      return;
    }
    try {
      const read = await this.options.provider.findForBranch(branch, this.options.headOwner, signal);
      if (generation !== this.generation) return;
      if (read.unchanged && this.current.loaded && !this.current.error) return;
      this.update({ branch, loaded: true, pullRequest: read.pullRequest, error: undefined });
    } catch (error) {
      if (generation !== this.generation) return;
      if (isCancellation(error) && signal.aborted) throw error;
      this.update({ ...this.current, loaded: true, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** Puts a request the host just returned (after create or merge) in place of the last read. */
  accept(pullRequest: PullRequest): void {
    if (pullRequest.headBranch !== this.current.branch) return;
    this.update({ ...this.current, loaded: true, pullRequest, error: undefined });
  }

  dispose(): void {
    this.stop();
    this.changed.dispose();
  }

  private isActive(): boolean {
    return this.current.pullRequest !== undefined && stillSettling(this.current.pullRequest);
  }

  private update(next: PullRequestState): void {
    if (JSON.stringify(next.pullRequest) === JSON.stringify(this.current.pullRequest) && next.error?.message === this.current.error?.message && next.loaded === this.current.loaded) {
      this.current = next;
      return;
    }
    this.current = next;
    this.changed.fire(next);
  }

  private stop(): void {
    this.registration?.dispose();
    this.registration = undefined;
  }
}

import { DevopsError, isCancellation } from '../errors';
import { itemIdForBranch } from '../git/branchName';
import { EventEmitter } from '../refresh/eventEmitter';
import type { Disposable, Event } from '../refresh/eventEmitter';
import { describeGroups, groupByStatus, pageOf, sprintHeader } from './planGroups';
import type { PlanGroup, PlanPage, SprintHeader } from './planGroups';
import { planCapabilities } from './planProvider';
import type { NewPlanItem, PlanCapability, PlanItem, PlanProvider, PlanSnapshot } from './planProvider';

// The Plan view's model: owns the provider's last good snapshot, the grouping, the
// "my items" filter and the active item, and says what changed. A failed load keeps
// the last good data and marks it stale; the view never loses rows to a network blip.

export interface PlanModelOptions {
  provider: PlanProvider;
  /** Statuses in display order (devops.yaml plan.statuses). */
  statuses: readonly string[];
  /** Status that counts as done for points; default "done" when listed, else the last status. */
  doneStatus?: string;
  /** Largest page a group node shows before "Show more"; default 200. */
  pageSize?: number;
  /** Branch name template, to find the item of the current branch. */
  branchTemplate?: string;
  /** Wall clock, for days left; replaceable in tests. */
  now?: () => number;
}

/** Why the view should redraw. */
export type PlanChange =
  | { kind: 'loading'; loading: boolean }
  /** New data: redraw everything. */
  | { kind: 'loaded'; unchanged: boolean }
  /** A load failed; the last good data stays, marked stale. `newIncident` is true only for the first failure after a success, so one notification per incident. */
  | { kind: 'failed'; error: Error; newIncident: boolean }
  /** The "my items" filter or the current user changed: redraw groups. */
  | { kind: 'filter' }
  /** The active item changed: redraw those two rows and the status bar. */
  | { kind: 'active-item'; previous: string | undefined; current: string | undefined }
  /** One item changed locally (optimistic update after an action). */
  | { kind: 'item'; id: string };

/** Freshness of what the model holds. */
export interface PlanState {
  /** True once any load succeeded. */
  loaded: boolean;
  /** A load is under way. */
  loading: boolean;
  /** The last load failed; the data shown is from `lastLoadedAt`. */
  stale: boolean;
  /** The last load's error, when it failed. */
  error: Error | undefined;
  /** When the data shown was loaded. */
  lastLoadedAt: number | undefined;
}

export class PlanModel implements Disposable {
  private readonly emitter = new EventEmitter<PlanChange>();
  /** Subscribe to changes; dispose the result to stop. */
  readonly onDidChange: Event<PlanChange> = this.emitter.event;
  readonly capabilities: ReadonlySet<PlanCapability>;
  private snapshot: PlanSnapshot | undefined;
  private groupsCache: Map<string, PlanItem[]> | undefined;
  private status: PlanState = { loaded: false, loading: false, stale: false, error: undefined, lastLoadedAt: undefined };
  private inFlight: Promise<void> | undefined;
  private me: string | undefined;
  private mineOnly = false;
  private branch: string | undefined;
  private activeId: string | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PlanModelOptions) {
    this.capabilities = planCapabilities(options.provider);
    this.now = options.now ?? Date.now;
  }

  get provider(): PlanProvider {
    return this.options.provider;
  }

  get state(): PlanState {
    return { ...this.status };
  }

  get pageSize(): number {
    return this.options.pageSize ?? 200;
  }

  get doneStatus(): string {
    const statuses = this.options.statuses;
    return this.options.doneStatus ?? (statuses.includes('done') ? 'done' : statuses[statuses.length - 1]);
  }

  /** The header row; undefined before the first load or when the backend has no current sprint. */
  get header(): SprintHeader | undefined {
    const sprint = this.snapshot?.sprint;
    return sprint ? sprintHeader(sprint, this.snapshot?.items ?? [], this.doneStatus, this.now()) : undefined;
  }

  /** Items after the "my items" filter, in backend order. */
  get items(): readonly PlanItem[] {
    const all = this.snapshot?.items ?? [];
    return this.mineOnly ? all.filter((item) => this.isMine(item)) : all;
  }

  /** Status groups in configured order, then statuses the configuration lacks. */
  groups(): PlanGroup[] {
    return describeGroups(this.grouped(), this.options.statuses);
  }

  /** A slice of one group for a tree node: at most `limit` (default pageSize) items from `offset`. */
  page(status: string, offset = 0, limit = this.pageSize): PlanPage {
    return pageOf(this.grouped().get(status) ?? [], offset, limit);
  }

  item(id: string): PlanItem | undefined {
    return this.snapshot?.items.find((item) => item.id === id);
  }

  get currentUser(): string | undefined {
    return this.me;
  }

  get myItemsOnly(): boolean {
    return this.mineOnly;
  }

  setCurrentUser(user: string | undefined): void {
    if (user === this.me) return;
    this.me = user;
    this.changeFilter();
  }

  setMyItemsOnly(on: boolean): void {
    if (on === this.mineOnly) return;
    this.mineOnly = on;
    this.changeFilter();
  }

  isMine(item: PlanItem): boolean {
    return this.me !== undefined && item.assignee !== undefined && item.assignee.toLowerCase() === this.me.toLowerCase();
  }

  /** The item the current branch was made for. */
  get activeItemId(): string | undefined {
    return this.activeId;
  }

  /** Tells the model the checked-out branch (undefined when detached or no repository). */
  setActiveBranch(branch: string | undefined): void {
    this.branch = branch;
    this.updateActive();
  }

  /** Loads from the provider; concurrent calls share one load. Never throws except for cancellation. */
  refresh(signal: AbortSignal): Promise<void> {
    this.inFlight ??= this.load(signal).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async setStatus(id: string, status: string, signal: AbortSignal): Promise<void> {
    await this.act(id, 'setStatus', (p, item) => p.setStatus!(item, status, signal), { status }, signal);
  }

  async assign(id: string, assignee: string | undefined, signal: AbortSignal): Promise<void> {
    await this.act(id, 'assign', (p, item) => p.assign!(item, assignee, signal), { assignee }, signal);
  }

  async assignToMe(id: string, signal: AbortSignal): Promise<void> {
    if (this.me === undefined) throw new DevopsError('unauthorized', `${this.provider.label}: cannot tell who you are, so cannot assign to you`);
    await this.assign(id, this.me, signal);
  }

  async setPoints(id: string, points: number | undefined, signal: AbortSignal): Promise<void> {
    await this.act(id, 'setPoints', (p, item) => p.setPoints!(item, points, signal), { points }, signal);
  }

  async addItem(draft: NewPlanItem, signal: AbortSignal): Promise<PlanItem> {
    const provider = this.requireCapability('addItem');
    const created = await provider.addItem!({ status: this.options.statuses[0], ...draft }, signal);
    await this.refresh(signal);
    return created;
  }

  dispose(): void {
    this.emitter.dispose();
    this.options.provider.dispose?.();
  }

  private async load(signal: AbortSignal): Promise<void> {
    this.setLoading(true);
    try {
      if (this.me === undefined && this.provider.currentUser) this.me = await this.provider.currentUser(signal).catch(() => undefined);
      const snapshot = await this.provider.load(signal);
      this.snapshot = snapshot;
      this.groupsCache = undefined;
      this.status = { loaded: true, loading: false, stale: false, error: undefined, lastLoadedAt: this.now() };
      this.updateActive();
      this.emitter.fire({ kind: 'loaded', unchanged: snapshot.unchanged === true });
    } catch (error) {
      if (isCancellation(error)) {
        this.setLoading(false);
        throw error;
      }
      const newIncident = !this.status.stale && this.status.error === undefined;
      const failure = error instanceof Error ? error : new DevopsError('io', String(error));
      this.status = { ...this.status, loading: false, stale: this.status.loaded, error: failure };
      this.emitter.fire({ kind: 'failed', error: failure, newIncident });
    }
  }

  private async act(id: string, capability: PlanCapability, run: (provider: PlanProvider, item: PlanItem) => Promise<void>, patch: Partial<PlanItem>, signal: AbortSignal): Promise<void> {
    const provider = this.requireCapability(capability);
    const item = this.item(id);
    if (!item) throw new DevopsError('not-found', `item ${id} is not in the sprint shown; refresh and try again`);
    await run(provider, item);
    // Show the change at once; the reload that follows brings the backend's truth.
    Object.assign(item, patch);
    this.groupsCache = undefined;
    this.emitter.fire({ kind: 'item', id });
    // A load started before the action may carry the old data: wait for it, then load anew.
    await this.inFlight?.catch(() => undefined);
    await this.refresh(signal);
  }

  private requireCapability(capability: PlanCapability): PlanProvider {
    if (!this.capabilities.has(capability)) throw new DevopsError('forbidden', `${this.provider.label} does not support ${capability}`);
    return this.provider;
  }

  private grouped(): Map<string, PlanItem[]> {
    this.groupsCache ??= groupByStatus(this.items, this.options.statuses);
    return this.groupsCache;
  }

  private changeFilter(): void {
    this.groupsCache = undefined;
    this.emitter.fire({ kind: 'filter' });
  }

  private setLoading(loading: boolean): void {
    this.status = { ...this.status, loading };
    this.emitter.fire({ kind: 'loading', loading });
  }

  private updateActive(): void {
    const ids = (this.snapshot?.items ?? []).map((item) => item.id);
    const next = itemIdForBranch(this.branch, ids, this.options.branchTemplate ?? 'feature/{id}-{slug}');
    if (next === this.activeId) return;
    const previous = this.activeId;
    this.activeId = next;
    this.emitter.fire({ kind: 'active-item', previous, current: next });
  }
}

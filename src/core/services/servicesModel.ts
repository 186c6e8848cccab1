// The live Services model: services from devops.yaml, their graph and health, driven by
// the refresh scheduler (topic "services": probes run only while someone watches).
// Views render snapshots and listen to the events; they never probe themselves.
// Probes at once: the scheduler's limit for group "services" (groupConcurrency).
import type { ServiceConfig } from '../config/schema';
import { DevopsError } from '../errors';
import { type Disposable, type Event, EventEmitter } from '../refresh/eventEmitter';
import type { RefreshScheduler } from '../refresh/refreshScheduler';
import { parseDuration } from '../duration';
import { HealthTracker, type HealthTransition } from './healthTracker';
import type { HealthProbe, HealthState, ProbeResult } from './healthTypes';
import { buildServiceGraph, type GraphIssue, type ServiceGraph } from './serviceGraph';
import { type ServiceEndpoint, serviceEndpoints } from './serviceEndpoints';
import { summarizeServices, type ServicesSummary } from './serviceSummary';

/** What a view needs to draw one service. */
export interface ServiceSnapshot {
  /** Service name (stable id: `services/<name>`). */
  name: string;
  /** The service's devops.yaml entry. */
  config: ServiceConfig;
  /** Current health. */
  state: HealthState;
  /** Whether a probe is configured. */
  probed: boolean;
  /** What the probe checks, for a tooltip. */
  probeTarget?: string;
  /** Latest result. */
  lastResult?: ProbeResult;
  /** Recent results, oldest first, for a sparkline. */
  history: ProbeResult[];
  /** Start of the open incident, if not up. */
  incidentSince?: number;
  /** Set when probing itself keeps failing (probe hung past its timeout): data old since then. */
  staleSince?: number;
  /** Names it depends on. */
  dependsOn: string[];
  /** Names that depend on it. */
  dependents: string[];
  /** How to reach it. */
  endpoints: ServiceEndpoint[];
}

export interface ServicesModelOptions {
  /** The product's one scheduler. */
  scheduler: RefreshScheduler;
  /** Builds the probe of a service; undefined for none. */
  createProbe(name: string, service: ServiceConfig): HealthProbe | undefined;
  /** Results kept per service; default 30. */
  historySize?: number;
}

interface Entry {
  config: ServiceConfig;
  healthKey: string;
  probe?: HealthProbe;
  tracker: HealthTracker;
  job?: Disposable;
  staleSince?: number;
}

export const servicesTopic = 'services';
const jobPrefix = 'services/';

export class ServicesModel implements Disposable {
  private entries = new Map<string, Entry>();
  private graph: ServiceGraph = buildServiceGraph({});
  private lastSummaryKey = '';
  private readonly serviceChanged = new EventEmitter<string>();
  private readonly structureChanged = new EventEmitter<void>();
  private readonly transitioned = new EventEmitter<HealthTransition>();
  private readonly summaryChanged = new EventEmitter<ServicesSummary>();
  private readonly statusSubscription: Disposable;

  /** One service's state, history or staleness changed: refresh that node. */
  readonly onDidChangeService: Event<string> = this.serviceChanged.event;
  /** Services were added, removed or reconfigured: refresh the tree. */
  readonly onDidChangeServices: Event<void> = this.structureChanged.event;
  /** up→down, →degraded, →recovered: once per incident, for notifications. */
  readonly onDidTransition: Event<HealthTransition> = this.transitioned.event;
  /** The worst-of summary changed: for the status bar. */
  readonly onDidChangeSummary: Event<ServicesSummary> = this.summaryChanged.event;

  constructor(private readonly options: ServicesModelOptions) {
    // Only staleness is news for a view; running/waiting flips on every probe would flood it.
    this.statusSubscription = options.scheduler.onDidChangeStatus((status) => {
      if (!status.id.startsWith(jobPrefix)) return;
      const name = status.id.slice(jobPrefix.length);
      const entry = this.entries.get(name);
      if (!entry || entry.staleSince === status.staleSince) return;
      entry.staleSince = status.staleSince;
      this.serviceChanged.fire(name);
    });
  }

  /** Applies a (re)loaded config; services whose health block is unchanged keep their history. */
  setServices(services: Record<string, ServiceConfig>): void {
    const next = new Map<string, Entry>();
    for (const [name, config] of Object.entries(services)) {
      const healthKey = JSON.stringify(config.health ?? null);
      const old = this.entries.get(name);
      if (old && old.healthKey === healthKey) {
        // Kept in place: the probe job holds this entry and drops results for any other.
        old.config = config;
        next.set(name, old);
        this.entries.delete(name);
        continue;
      }
      old?.job?.dispose();
      this.entries.delete(name);
      next.set(name, this.createEntry(name, config, healthKey));
    }
    for (const gone of this.entries.values()) gone.job?.dispose();
    this.entries = next;
    this.graph = buildServiceGraph(Object.fromEntries([...next].map(([n, e]) => [n, e.config])));
    this.structureChanged.fire();
    this.checkSummary();
  }

  /** Declares a watcher (a visible view, the status bar, an alert rule): probing runs meanwhile. */
  watch(): Disposable {
    return this.options.scheduler.addInterest(servicesTopic);
  }

  /** Probes one service, or all, as soon as possible. */
  probeNow(name?: string): void {
    const names = name === undefined ? [...this.entries.keys()] : [name];
    for (const n of names) this.options.scheduler.refreshNow(jobPrefix + n);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  service(name: string): ServiceSnapshot | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const { tracker } = entry;
    return {
      name,
      config: entry.config,
      state: tracker.state,
      probed: entry.probe !== undefined,
      probeTarget: entry.probe?.target,
      lastResult: tracker.lastResult,
      history: tracker.history,
      incidentSince: tracker.incidentSince,
      staleSince: this.options.scheduler.status(jobPrefix + name)?.staleSince,
      dependsOn: this.graph.dependsOn.get(name) ?? [],
      dependents: this.graph.dependents.get(name) ?? [],
      endpoints: serviceEndpoints(entry.config),
    };
  }

  services(): ServiceSnapshot[] {
    return this.names().map((n) => this.service(n)!);
  }

  /** Cycles, self-dependencies and unknown names, as rows. */
  graphIssues(): GraphIssue[] {
    return this.graph.issues;
  }

  summary(): ServicesSummary {
    return summarizeServices([...this.entries].map(([name, e]) => ({ name, state: e.tracker.state, probed: e.probe !== undefined })));
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.job?.dispose();
    this.entries.clear();
    this.statusSubscription.dispose();
    for (const emitter of [this.serviceChanged, this.structureChanged, this.transitioned, this.summaryChanged]) emitter.dispose();
  }

  private createEntry(name: string, config: ServiceConfig, healthKey: string): Entry {
    const tracker = new HealthTracker(name, this.options.historySize ?? 30);
    const probe = this.options.createProbe(name, config);
    const entry: Entry = { config, healthKey, probe, tracker };
    if (!probe || !config.health) return entry;
    const intervalMs = parseDuration(config.health.interval) ?? 10_000;
    const timeoutMs = parseDuration(config.health.timeout) ?? 2_000;
    entry.job = this.options.scheduler.register({
      id: jobPrefix + name,
      topic: servicesTopic,
      group: servicesTopic,
      idleIntervalMs: intervalMs,
      // The probe has its own timeout; the scheduler's is the backstop for a probe that hangs anyway.
      timeoutMs: timeoutMs + 1_000,
      run: async ({ signal }) => {
        const result = await Promise.race([probe.check(signal), abortResult(signal)]);
        if (result.reason === 'cancelled' && signal.aborted && !DevopsError.is(signal.reason, 'timeout')) return;
        if (this.entries.get(name) !== entry) return;
        this.record(name, entry, result);
        if (DevopsError.is(signal.reason, 'timeout')) throw signal.reason;
      },
    });
    return entry;
  }

  private record(name: string, entry: Entry, result: ProbeResult): void {
    const before = entry.tracker.state;
    const transition = entry.tracker.record(result);
    this.serviceChanged.fire(name);
    if (transition) this.transitioned.fire(transition);
    // The summary depends on states only; most results repeat the state.
    if (entry.tracker.state !== before) this.checkSummary();
  }

  private checkSummary(): void {
    const summary = this.summary();
    const key = `${summary.state}|${summary.text}`;
    if (key === this.lastSummaryKey) return;
    this.lastSummaryKey = key;
    this.summaryChanged.fire(summary);
  }
}

// A probe that ignores its signal still yields a result when the scheduler gives up on it.
function abortResult(signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const settle = (): void => {
      const timedOut = DevopsError.is(signal.reason, 'timeout');
      resolve({
        state: timedOut ? 'down' : 'unknown',
        reason: timedOut ? 'timeout' : 'cancelled',
        detail: timedOut ? 'The probe did not finish in time' : 'Check cancelled',
        at: Date.now(),
      });
    };
    if (signal.aborted) settle();
    else signal.addEventListener('abort', settle, { once: true });
  });
}

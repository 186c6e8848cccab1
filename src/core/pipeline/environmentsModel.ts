import type { EnvironmentConfig } from '../config/schema';
import { EventEmitter } from '../refresh/eventEmitter';
import type { DeployRecord } from './deployTypes';
import type { ReleaseDrift } from './releaseDrift';
import type { TargetState } from './targetState';

/** What the Environments section shows for one environment. */
export interface EnvironmentState {
  name: string;
  url?: string;
  protected: boolean;
  /** The last successful deploy: what runs there now. */
  deployed?: DeployRecord;
  /** The last attempt, successful or not. */
  last?: DeployRecord;
  /** A deploy in progress (this process or another, by its lock). */
  running?: { who: string; since: number; version?: string; pid: number; host: string };
  /** Deploys, newest first. */
  history: DeployRecord[];
  /** What the engine target runs, read from the engine (environments with a `target`). */
  onTarget?: TargetState;
  /** Why the target could not be read, when it could not. */
  targetError?: string;
  /** How far the default branch is past the version the target runs; absent when it is not. */
  drift?: ReleaseDrift;
}

/**
 * Environments with their deployed version and history, built from the audit log.
 * Fires onDidChange with the one environment that changed, so a tree refreshes one node.
 */
export class EnvironmentsModel {
  private states = new Map<string, EnvironmentState>();
  private readonly changed = new EventEmitter<EnvironmentState>();
  /** One environment changed (a deploy started, ended, or the audit log was re-read). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly environments: Readonly<Record<string, EnvironmentConfig>>,
    private readonly historyLimit = 20,
  ) {
    this.setRecords([]);
  }

  get list(): readonly EnvironmentState[] {
    return [...this.states.values()];
  }

  get(name: string): EnvironmentState | undefined {
    return this.states.get(name);
  }

  /** Rebuilds every environment from audit records (any order). */
  setRecords(records: readonly DeployRecord[]): void {
    const sorted = [...records].sort((a, b) => b.at.localeCompare(a.at));
    for (const [name, config] of Object.entries(this.environments)) {
      const history = sorted.filter((r) => r.environment === name);
      const state: EnvironmentState = {
        name,
        protected: config.protected,
        history: history.slice(0, this.historyLimit),
        ...(config.url ? { url: config.url } : {}),
        ...(history[0] ? { last: history[0] } : {}),
      };
      const deployed = history.find((r) => r.result === 'succeeded');
      if (deployed) state.deployed = deployed;
      const previous = this.states.get(name);
      if (previous?.running) state.running = previous.running;
      if (previous?.onTarget) state.onTarget = previous.onTarget;
      if (previous?.targetError) state.targetError = previous.targetError;
      if (previous?.drift) state.drift = previous.drift;
      this.states.set(name, state);
      this.changed.fire(state);
    }
  }

  /** A deploy started or ended (undefined) in an environment. */
  setRunning(name: string, running: EnvironmentState['running']): void {
    const state = this.states.get(name);
    if (!state) return;
    if (running) state.running = running;
    else delete state.running;
    this.changed.fire(state);
  }

  /** What the engine says the environment's target runs, or why it could not be read. */
  setTarget(name: string, read: { target: TargetState; drift?: ReleaseDrift } | { error: string }): void {
    const state = this.states.get(name);
    if (!state) return;
    delete state.drift;
    if ('target' in read) {
      state.onTarget = read.target;
      if (read.drift) state.drift = read.drift;
      delete state.targetError;
    } else {
      delete state.onTarget;
      state.targetError = read.error;
    }
    this.changed.fire(state);
  }

  /** A deploy finished: add its record without re-reading the log. */
  addRecord(record: DeployRecord): void {
    const state = this.states.get(record.environment);
    if (!state) return;
    state.history = [record, ...state.history].slice(0, this.historyLimit);
    state.last = record;
    if (record.result === 'succeeded') state.deployed = record;
    delete state.running;
    this.changed.fire(state);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

import type { EnvironmentConfig } from '../config/schema';
import { EventEmitter } from '../refresh/eventEmitter';
import type { DeployRecord } from './deployTypes';

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
      const running = this.states.get(name)?.running;
      if (running) state.running = running;
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

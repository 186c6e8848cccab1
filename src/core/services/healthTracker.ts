// Turns a stream of probe results into a state, a short history and transitions.
// One notification per incident: an incident opens when a service leaves `up` and
// closes when it is `up` again; in between, only an escalation to `down` is news.
import type { HealthState, ProbeResult } from './healthTypes';
import { RingBuffer } from './ringBuffer';

/** What changed, in the words a notification uses. */
export type TransitionKind = 'down' | 'degraded' | 'recovered';

/** A change worth telling a person about. */
export interface HealthTransition {
  /** Service name. */
  service: string;
  /** down, degraded, or recovered (back to up). */
  kind: TransitionKind;
  /** State before this result. */
  from: HealthState;
  /** State after this result. */
  to: HealthState;
  /** When the result came (ms since epoch). */
  at: number;
  /** When the incident began; for `recovered`, how long it lasted. */
  incidentSince: number;
  /** The result's one-line detail. */
  detail: string;
}

export class HealthTracker {
  private readonly results: RingBuffer<ProbeResult>;
  private incident?: { since: number; worst: HealthState };

  constructor(
    readonly service: string,
    historySize = 30,
  ) {
    this.results = new RingBuffer<ProbeResult>(historySize);
  }

  get state(): HealthState {
    return this.results.last()?.state ?? 'unknown';
  }

  get lastResult(): ProbeResult | undefined {
    return this.results.last();
  }

  /** Oldest first, at most `historySize` results. */
  get history(): ProbeResult[] {
    return this.results.toArray();
  }

  /** Start of the open incident, if the service is not up. */
  get incidentSince(): number | undefined {
    return this.incident?.since;
  }

  /** Records a result; returns the transition it causes, if any. */
  record(result: ProbeResult): HealthTransition | undefined {
    const from = this.state;
    this.results.push(result);
    const to = result.state;
    // `unknown` says nothing about the service (not probed, probe unusable): no news.
    if (to === 'unknown') return undefined;
    const base = { service: this.service, from, to, at: result.at, detail: result.detail };
    if (to === 'up') {
      const open = this.incident;
      this.incident = undefined;
      return open ? { ...base, kind: 'recovered', incidentSince: open.since } : undefined;
    }
    if (!this.incident) {
      this.incident = { since: result.at, worst: to };
      return { ...base, kind: to, incidentSince: result.at };
    }
    if (to === 'down' && this.incident.worst === 'degraded') {
      this.incident.worst = 'down';
      return { ...base, kind: 'down', incidentSince: this.incident.since };
    }
    return undefined;
  }
}

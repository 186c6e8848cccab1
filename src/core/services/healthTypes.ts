// What a health probe reports, and the port that probes implement (backends/probes/).

/** Health of one service. `unknown`: not probed yet, no probe, or the probe cannot run. */
export type HealthState = 'up' | 'degraded' | 'down' | 'unknown';

/** Why a probe gave its result; stable words a view or a test can branch on. */
export type ProbeReason =
  | 'ok'
  | 'slow' // answered correctly but above the latency threshold
  | 'unexpected-status'
  | 'body-mismatch'
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'dns' // the host does not resolve
  | 'redirect-other-host'
  | 'exit-code'
  | 'invalid-target' // the URL, host:port or command is not usable
  | 'untrusted' // nothing runs or connects in an untrusted workspace
  | 'not-approved' // the command waits for the user's approval
  | 'cancelled'
  | 'error';

/** One probe's outcome. Probes never throw: every failure is a result. */
export interface ProbeResult {
  /** up, degraded, down, or unknown when the probe could not judge. */
  state: HealthState;
  /** Stable reason word. */
  reason: ProbeReason;
  /** One line for a person, e.g. "HTTP 500 (expected 200)". */
  detail: string;
  /** Time to the answer, when there was one. */
  latencyMs?: number;
  /** When the probe finished (ms since epoch). */
  at: number;
}

/** A configured check of one service. */
export interface HealthProbe {
  /** What is probed, for display: "GET http://…", "tcp localhost:5432", "$ pg_isready". */
  readonly target: string;
  /** Runs one check; resolves (never rejects) with a result, also on abort. */
  check(signal: AbortSignal): Promise<ProbeResult>;
}

export const healthStateRank: Record<HealthState, number> = { up: 0, unknown: 1, degraded: 2, down: 3 };

/** The worse of two states (down > degraded > unknown > up). */
export function worseState(a: HealthState, b: HealthState): HealthState {
  return healthStateRank[a] >= healthStateRank[b] ? a : b;
}

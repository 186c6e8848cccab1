// The worst-of line for the status bar: "5/5 up", "api down", "api, db down", "3 down".
import { type HealthState, worseState } from './healthTypes';

/** One service as the summary sees it. */
export interface SummaryInput {
  /** Service name. */
  name: string;
  /** Current state. */
  state: HealthState;
  /** Whether it has a probe; services without one are not counted. */
  probed: boolean;
}

export interface ServicesSummary {
  /** Worst state among probed services; unknown when none is probed. */
  state: HealthState;
  /** Short text for the status bar. */
  text: string;
  /** Probed services that are up. */
  up: number;
  /** Probed services. */
  total: number;
  /** Names per state, in input order. */
  byState: Record<HealthState, string[]>;
}

export function summarizeServices(services: readonly SummaryInput[]): ServicesSummary {
  const byState: Record<HealthState, string[]> = { up: [], degraded: [], down: [], unknown: [] };
  let state: HealthState = 'up';
  let total = 0;
  for (const service of services) {
    if (!service.probed) continue;
    total++;
    byState[service.state].push(service.name);
    state = worseState(state, service.state);
  }
  const up = byState.up.length;
  if (total === 0) return { state: 'unknown', text: 'no health checks', up, total, byState };
  const text =
    byState.down.length > 0 ? naming(byState.down, 'down') : byState.degraded.length > 0 ? naming(byState.degraded, 'degraded') : `${up}/${total} up`;
  return { state, text, up, total, byState };
}

function naming(names: string[], word: string): string {
  return names.length <= 2 ? `${names.join(', ')} ${word}` : `${names.length} ${word}`;
}

import type { HealthState } from '../services/healthTypes';
import type { Workload } from './engineTypes';
import type { LiveServices } from './liveServices';

// The service map's share of the engines: boxes for the workloads nobody declared, and a
// colour from the live state for every box that has a workload.

/** What the map adds from the engines: the workloads nobody declared, and live health. */
export interface LiveMapNodes {
  /** Boxes of undeclared workloads, by the name the map shows (`project/name`). */
  workloads: Map<string, { workloadId: string }>;
  /** Health from the engines, for declared services bound to a workload and for the workloads. */
  health: Record<string, HealthState>;
}

/** A workload's health as the map colours it. */
export function workloadHealthState(workload: Workload, stale: boolean): HealthState {
  if (stale) return 'unknown';
  if (workload.state === 'failed' || workload.state === 'stopped') return 'down';
  const short = workload.replicas !== undefined && workload.replicas.ready < workload.replicas.desired;
  if (workload.health === 'unhealthy' || short) return 'degraded';
  return workload.state === 'running' ? 'up' : 'unknown';
}

/** The live part of the map; names never clash with declared services. */
export function liveMapNodes(live: LiveServices, declared: ReadonlySet<string>): LiveMapNodes {
  const workloads = new Map<string, { workloadId: string }>();
  const health: Record<string, HealthState> = {};
  for (const service of live.all) {
    if (!service.workload) continue;
    if (service.declared) {
      health[service.name] = workloadHealthState(service.workload, service.stale);
      continue;
    }
    let name = service.workload.group ? `${service.workload.group.name}/${service.name}` : service.name;
    if (declared.has(name) || workloads.has(name)) name = `${name} (${service.engineId ?? service.workload.engine})`;
    workloads.set(name, { workloadId: service.workload.id });
    health[name] = workloadHealthState(service.workload, service.stale);
  }
  return { workloads, health };
}

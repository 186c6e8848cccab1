import type { Workload } from '../../core/engines/engineTypes';
import type { LiveServices } from '../../core/engines/liveServices';
import type { MapHealth } from '../../protocol/serviceMapProtocol';

/** What the map adds from the engines: the workloads nobody declared, and live health. */
export interface LiveMapNodes {
  /** Boxes of undeclared workloads, by the name the map shows (`project/name`). */
  workloads: Map<string, { workloadId: string }>;
  /** Health from the engines, for declared services bound to a workload and for the workloads. */
  health: Record<string, MapHealth>;
}

/** A workload's health as the map colours it. */
export function workloadMapHealth(workload: Workload, stale: boolean): MapHealth {
  if (stale) return 'unknown';
  if (workload.state === 'failed' || workload.state === 'stopped') return 'down';
  const short = workload.replicas !== undefined && workload.replicas.ready < workload.replicas.desired;
  if (workload.health === 'unhealthy' || short) return 'degraded';
  return workload.state === 'running' ? 'up' : 'unknown';
}

/** The live part of the map; names never clash with declared services. */
export function liveMapNodes(live: LiveServices, declared: ReadonlySet<string>): LiveMapNodes {
  const workloads = new Map<string, { workloadId: string }>();
  const health: Record<string, MapHealth> = {};
  for (const service of live.all) {
    if (!service.workload) continue;
    if (service.declared) {
      health[service.name] = workloadMapHealth(service.workload, service.stale);
      continue;
    }
    let name = service.workload.group ? `${service.workload.group.name}/${service.name}` : service.name;
    if (declared.has(name) || workloads.has(name)) name = `${name} (${service.engineId ?? service.workload.engine})`;
    workloads.set(name, { workloadId: service.workload.id });
    health[name] = workloadMapHealth(service.workload, service.stale);
  }
  return { workloads, health };
}

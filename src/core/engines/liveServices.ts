import { runsOnBinding, type BindingKind } from '../config/enginesConfig';
import type { ServiceConfig } from '../config/schema';
import type { EngineKind, EngineSnapshot, Workload, WorkloadGroup } from './engineTypes';
import { findBoundWorkload } from './serviceBinding';

// Every service there is: the ones devops.yaml declares, with the live state of the
// workload their `runsOn` names, and the workloads the engines run that nobody declared,
// grouped engine → Compose project / Swarm stack / namespace. Plain data for the CLI and
// the views; it is rebuilt from whole snapshots, never patched.

export interface LiveService {
  /** Stable id: `services/<name>` for a declared service, the workload's id otherwise. */
  id: string;
  /** The declared name, or the workload's name. */
  name: string;
  /** True when devops.yaml declares it. */
  declared: boolean;
  /** Its runsOn binding, when declared with one. */
  binding?: { kind: BindingKind; target: string };
  /** The backend whose workload this is (e.g. "docker"), when there is one. */
  engineId?: string;
  engine?: EngineKind;
  /** The live workload: absent for a declared service that runs on no engine or was not found. */
  workload?: Workload;
  /** True while the engine's data may be outdated (its last read failed). */
  stale: boolean;
  /** Why a bound service has no live workload (not running, ambiguous, engine unreachable). */
  problem?: string;
}

/** Undeclared workloads of one engine and one group, as the views nest them. */
export interface LiveServiceGroup {
  engineId: string;
  engine: EngineKind;
  /** Compose project, Swarm stack or namespace; undefined for workloads in none. */
  group?: WorkloadGroup;
  services: LiveService[];
}

export interface LiveServices {
  /** Declared services first, in devops.yaml's order, then the undeclared ones by engine, group and name. */
  all: LiveService[];
  /** The undeclared ones nested engine → group. */
  groups: LiveServiceGroup[];
}

export function liveServices(declared: Readonly<Record<string, ServiceConfig>>, snapshots: readonly EngineSnapshot[]): LiveServices {
  const bound = new Set<string>();
  const all: LiveService[] = Object.entries(declared).map(([name, config]) => {
    const binding = config.runsOn === undefined ? undefined : runsOnBinding(config.runsOn);
    if (!binding) return { id: `services/${name}`, name, declared: true, stale: false };
    const match = findBoundWorkload(binding, snapshots);
    if ('problem' in match) {
      return { id: `services/${name}`, name, declared: true, binding, engineId: match.snapshot?.engineId, engine: match.snapshot?.engine, stale: match.snapshot?.stale ?? false, problem: match.problem };
    }
    bound.add(match.workload.id);
    return { id: `services/${name}`, name, declared: true, binding, engineId: match.snapshot.engineId, engine: match.snapshot.engine, workload: match.workload, stale: match.snapshot.stale };
  });
  const groups = new Map<string, LiveServiceGroup>();
  for (const snapshot of snapshots) {
    for (const workload of snapshot.workloads) {
      if (bound.has(workload.id)) continue;
      const key = `${snapshot.engineId}\n${workload.group?.kind ?? ''}\n${workload.group?.name ?? ''}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { engineId: snapshot.engineId, engine: snapshot.engine, group: workload.group, services: [] }));
      group.services.push({ id: workload.id, name: workload.name, declared: false, engineId: snapshot.engineId, engine: snapshot.engine, workload, stale: snapshot.stale });
    }
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  for (const group of ordered) group.services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { all: [...all, ...ordered.flatMap((g) => g.services)], groups: ordered };
}

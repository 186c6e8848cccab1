import type { BindingKind } from '../config/enginesConfig';
import type { EngineSnapshot, Workload, WorkloadKind } from './engineTypes';

// Which live workload a declared service's `runsOn` names: a Compose service (`web`, or
// `project/web` when several projects have one), a Swarm service by its full name, a
// Kubernetes workload as kind/name (optionally namespace/kind/name).

/** What a binding found: the workload and its engine, or why there is none. */
export type BindingMatch = { workload: Workload; snapshot: EngineSnapshot } | { problem: string; snapshot?: EngineSnapshot };

const kubernetesKinds: Record<string, WorkloadKind> = { deployment: 'deployment', statefulset: 'statefulset', daemonset: 'daemonset', pod: 'pod' };

export function findBoundWorkload(binding: { kind: BindingKind; target: string }, snapshots: readonly EngineSnapshot[]): BindingMatch {
  const engine = binding.kind === 'kubernetes' ? 'kubernetes' : 'docker';
  const engines = snapshots.filter((s) => s.engine === engine);
  if (engines.length === 0) return { problem: `no ${engine === 'docker' ? 'Docker' : 'Kubernetes'} engine is watched (engines.${engine} in devops.yaml)` };
  const matches = engines.flatMap((snapshot) => snapshot.workloads.filter((w) => matchesBinding(w, binding)).map((workload) => ({ workload, snapshot })));
  if (matches.length === 1) return matches[0];
  const unanswered = engines.find((s) => s.error !== undefined);
  if (matches.length === 0) {
    const why = unanswered ? `; the engine did not answer: ${unanswered.error?.message ?? ''}` : '';
    return { problem: `${binding.kind} ${binding.target} is not running on the engine${why}`, snapshot: unanswered ?? engines[0] };
  }
  const places = matches.map((m) => m.workload.group?.name ?? m.snapshot.engineId).join(', ');
  return { problem: `${binding.kind} ${binding.target} matches ${matches.length} workloads (in ${places}); name one, e.g. ${matches[0].workload.group?.name ?? 'project'}/${binding.target}`, snapshot: matches[0].snapshot };
}

/** True when `workload` is what the binding names. */
export function matchesBinding(workload: Workload, binding: { kind: BindingKind; target: string }): boolean {
  const parts = binding.target.split('/');
  switch (binding.kind) {
    case 'compose': {
      if (workload.kind !== 'compose-service') return false;
      const [project, service] = parts.length === 2 ? parts : [undefined, parts[0]];
      return workload.name === service && (project === undefined || workload.group?.name === project);
    }
    case 'swarm':
      return workload.kind === 'swarm-service' && workload.name === binding.target;
    case 'kubernetes': {
      const [namespace, kind, name] = parts.length === 3 ? parts : [undefined, parts[0], parts[1]];
      if (workload.kind !== kubernetesKinds[kind ?? ''] || workload.name !== name) return false;
      return namespace === undefined || (workload.group?.kind === 'namespace' && workload.group.name === namespace);
    }
  }
}

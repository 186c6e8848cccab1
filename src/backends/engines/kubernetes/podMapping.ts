import type { WorkloadHealth, WorkloadMember, WorkloadState } from '../../../core/engines/engineTypes';
import type { KubePod } from './kubeSchemas';

// A pod as a member of its workload (or as a workload of its own when nothing owns it):
// readiness is its health, as kubectl's READY column; a container stuck in a known bad
// state (CrashLoopBackOff, an image that cannot be pulled) makes it failed with the reason.

/** Workload kinds a pod can belong to, by its controller. */
export type PodOwner = { kind: 'deployment' | 'statefulset' | 'daemonset'; name: string } | 'bare' | 'other';

// Waiting reasons that do not end by waiting: the pod needs someone to act.
const stuckReasons = new Set(['CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/** The workload that controls `pod`: a Deployment through its ReplicaSet (named `<deployment>-<pod-template-hash>`), a StatefulSet, a DaemonSet; 'bare' when nothing does; 'other' for Jobs and the rest. */
export function podOwner(pod: KubePod): PodOwner {
  const owners = pod.metadata.ownerReferences ?? [];
  const controller = owners.find((o) => o.controller === true) ?? owners[0];
  if (controller === undefined) return 'bare';
  if (controller.kind === 'StatefulSet') return { kind: 'statefulset', name: controller.name };
  if (controller.kind === 'DaemonSet') return { kind: 'daemonset', name: controller.name };
  if (controller.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && controller.name.endsWith(`-${hash}`)) return { kind: 'deployment', name: controller.name.slice(0, -hash.length - 1) };
  }
  return 'other';
}

/** The pod as a member: state, readiness as health, restarts, node, and why it is not running. */
export function podMember(pod: KubePod): WorkloadMember {
  const statuses = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
  const { state, health, detail } = podCondition(pod);
  const startedAt = parseTime(pod.status?.startTime);
  return {
    id: pod.metadata.uid,
    name: pod.metadata.name,
    state,
    health,
    restarts,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(detail ? { detail } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...containerChoices(pod),
  };
}

/** kubectl's default container annotation decides which comes first; it is ignored when it names no container of the pod. */
const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

function containerChoices(pod: KubePod): { containers?: string[] } {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (names.length < 2) return {};
  const preferred = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  return { containers: preferred && names.includes(preferred) ? [preferred, ...names.filter((n) => n !== preferred)] : names };
}

function podCondition(pod: KubePod): { state: WorkloadState; health: WorkloadHealth; detail?: string } {
  const status = pod.status;
  if (pod.metadata.deletionTimestamp) return { state: 'stopped', health: 'none', detail: 'terminating' };
  const phase = status?.phase ?? 'Unknown';
  if (phase === 'Succeeded') return { state: 'stopped', health: 'none', detail: 'completed' };
  if (phase === 'Failed') return { state: 'failed', health: 'unhealthy', detail: oneLine(status?.reason, status?.message) ?? 'failed' };
  const stuck = (status?.containerStatuses ?? []).find((s) => stuckReasons.has(s.state?.waiting?.reason ?? ''));
  if (stuck) return { state: 'failed', health: 'unhealthy', detail: oneLine(`${stuck.name}: ${stuck.state?.waiting?.reason ?? ''}`, stuck.state?.waiting?.message) };
  if (phase === 'Pending') return { state: 'starting', health: 'starting', detail: oneLine(status?.reason, status?.message) };
  if (phase !== 'Running') return { state: 'unknown', health: 'none' };
  const ready = status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  if (ready) return { state: 'running', health: 'healthy' };
  // Before its startup probe passes a container is starting; after, "not ready" means its readiness probe fails.
  const starting = (status?.containerStatuses ?? []).some((s) => s.started === false);
  const terminated = (status?.containerStatuses ?? []).find((s) => s.state?.terminated);
  const detail = terminated ? oneLine(`${terminated.name}: ${terminated.state?.terminated?.reason ?? 'terminated'}`, undefined) : 'not ready';
  return starting ? { state: 'starting', health: 'starting', detail } : { state: 'running', health: 'unhealthy', detail };
}

function oneLine(reason: string | null | undefined, message: string | null | undefined): string | undefined {
  const parts = [reason, message].filter((p): p is string => typeof p === 'string' && p !== '');
  if (parts.length === 0) return undefined;
  return parts.join(': ').split('\n')[0]?.slice(0, 200);
}

/** Milliseconds of an RFC 3339 time, or undefined. */
export function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

import type { AutoscalerStatus, Workload, WorkloadHealth, WorkloadKind, WorkloadMember, WorkloadState } from '../../../core/engines/engineTypes';
import type { KubeCondition, KubeDaemonSet, KubeDeployment, KubeObjectMeta, KubePodTemplate, KubeStatefulSet } from './kubeSchemas';
import { parseTime } from './podMapping';

// Deployments, StatefulSets and DaemonSets as workloads: replicas desired/ready, the rollout
// state as kubectl rollout status reads it (updating until every replica runs the new
// template and is available; failed past the progress deadline), health from the
// readiness of the members, image and version of the first container.

/** What the controllers' objects add up to before members and autoscaler are attached. */
interface Rollout {
  desired: number;
  ready: number;
  updating: boolean;
  failed?: string;
}

export function workloadId(kind: WorkloadKind, namespace: string, name: string): string {
  return `kubernetes/${kind}/${namespace}/${name}`;
}

export function deploymentRollout(d: KubeDeployment): Rollout {
  const desired = d.spec?.replicas ?? 1;
  const s = d.status;
  const ready = s?.readyReplicas ?? 0;
  const progressing = condition(s?.conditions, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { desired, ready, updating: false, failed: `rollout stuck: ${progressing.message ?? 'progress deadline exceeded'}` };
  const observed = (s?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
  const updated = s?.updatedReplicas ?? 0;
  const updating = !observed || updated < desired || (s?.replicas ?? 0) > updated || (s?.availableReplicas ?? 0) < updated;
  return { desired, ready, updating };
}

export function statefulSetRollout(s: KubeStatefulSet): Rollout {
  const desired = s.spec?.replicas ?? 1;
  const st = s.status;
  const observed = (st?.observedGeneration ?? 0) >= (s.metadata.generation ?? 0);
  const revisionPending = !!st?.updateRevision && !!st.currentRevision && st.updateRevision !== st.currentRevision;
  const updating = !observed || revisionPending || (st?.updatedReplicas ?? 0) < desired;
  return { desired, ready: st?.readyReplicas ?? 0, updating };
}

export function daemonSetRollout(d: KubeDaemonSet): Rollout {
  const st = d.status;
  const desired = st?.desiredNumberScheduled ?? 0;
  const observed = (st?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
  const updating = !observed || (st?.updatedNumberScheduled ?? 0) < desired || (st?.numberAvailable ?? 0) < desired;
  return { desired, ready: st?.numberReady ?? 0, updating };
}

/** The workload row of a controller, with its members and autoscaler. */
export function controllerWorkload(
  kind: 'deployment' | 'statefulset' | 'daemonset',
  meta: KubeObjectMeta,
  template: KubePodTemplate | null | undefined,
  rollout: Rollout,
  members: WorkloadMember[],
  autoscaler: AutoscalerStatus | undefined,
): Workload {
  const namespace = meta.namespace ?? 'default';
  const image = template?.spec?.containers?.[0]?.image ?? undefined;
  const version = meta.labels?.['app.kubernetes.io/version'] ?? template?.metadata?.labels?.['app.kubernetes.io/version'] ?? (image ? imageVersion(image) : undefined);
  const createdAt = parseTime(meta.creationTimestamp);
  return {
    id: workloadId(kind, namespace, meta.name),
    engine: 'kubernetes',
    kind,
    group: { kind: 'namespace', name: namespace },
    name: meta.name,
    state: stateOf(rollout, members),
    health: healthOf(rollout, members),
    replicas: { desired: rollout.desired, ready: rollout.ready },
    ...(image ? { image } : {}),
    ...(version ? { version } : {}),
    restarts: members.reduce((sum, m) => sum + m.restarts, 0),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(autoscaler ? { autoscaler } : {}),
    members,
    labels: { ...(meta.labels ?? {}) },
  };
}

function stateOf(rollout: Rollout, members: readonly WorkloadMember[]): WorkloadState {
  if (rollout.failed) return 'failed';
  if (rollout.desired === 0) return 'stopped';
  if (rollout.updating) return 'updating';
  // Some replicas serving is running (health tells the rest); none, with a pod stuck, is failed.
  if (rollout.ready > 0) return 'running';
  return members.some((m) => m.state === 'failed') ? 'failed' : 'starting';
}

function healthOf(rollout: Rollout, members: readonly WorkloadMember[]): WorkloadHealth {
  if (rollout.desired === 0) return 'none';
  if (rollout.ready >= rollout.desired) return 'healthy';
  if (rollout.failed || members.some((m) => m.health === 'unhealthy')) return 'unhealthy';
  return 'starting';
}

/** The tag of an image reference (`registry:5000/shop/api:1.4.2` → 1.4.2), else the short digest, else "latest". */
export function imageVersion(image: string): string {
  const [name, digest] = image.split('@');
  const lastSegment = (name ?? '').split('/').pop() ?? '';
  const colon = lastSegment.lastIndexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  if (digest) return digest.replace(/^sha256:/, '').slice(0, 12);
  return 'latest';
}

function condition(conditions: readonly KubeCondition[] | null | undefined, type: string): KubeCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

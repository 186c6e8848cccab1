import type { AutoscalerStatus, Workload, WorkloadMember } from '../../../core/engines/engineTypes';
import { autoscalerStatus, autoscalerTarget } from './autoscalerMapping';
import type { KubeDaemonSet, KubeDeployment, KubeHpa, KubeObjectMeta, KubePod, KubeStatefulSet } from './kubeSchemas';
import { parseTime, podMember, podOwner } from './podMapping';
import { controllerWorkload, daemonSetRollout, deploymentRollout, imageVersion, statefulSetRollout, workloadId } from './workloadMapping';

// What the watches know of the cluster: the objects of each resource by uid, replaced
// whole on a (re)list and changed by watch events. Workloads are assembled from it on
// demand; a pod's member row is kept per resourceVersion, so a snapshot after one event
// maps one pod again, not a thousand.

/** The objects of one resource, across the watched namespaces. */
export class ObjectStore<T extends { metadata: KubeObjectMeta }> {
  readonly byUid = new Map<string, T>();

  /** Replaces every object of `namespace` by `items` (a fresh list). */
  replace(namespace: string, items: readonly T[]): void {
    for (const [uid, object] of this.byUid) if ((object.metadata.namespace ?? namespace) === namespace) this.byUid.delete(uid);
    for (const item of items) this.byUid.set(item.metadata.uid, item);
  }

  upsert(item: T): void {
    this.byUid.set(item.metadata.uid, item);
  }

  remove(item: T): void {
    this.byUid.delete(item.metadata.uid);
  }
}

export class ClusterState {
  readonly deployments = new ObjectStore<KubeDeployment>();
  readonly statefulSets = new ObjectStore<KubeStatefulSet>();
  readonly daemonSets = new ObjectStore<KubeDaemonSet>();
  readonly pods = new ObjectStore<KubePod>();
  readonly autoscalers = new ObjectStore<KubeHpa>();
  private members = new Map<string, { version: string; member: WorkloadMember }>();

  /** Every workload: controllers with their pods and autoscaler, then the bare pods; ordered by id. */
  workloads(): Workload[] {
    const owned = new Map<string, WorkloadMember[]>();
    const bare: { pod: KubePod; member: WorkloadMember }[] = [];
    const seen = new Map<string, { version: string; member: WorkloadMember }>();
    for (const pod of this.pods.byUid.values()) {
      const member = this.memberOf(pod, seen);
      const owner = podOwner(pod);
      if (owner === 'bare') bare.push({ pod, member });
      else if (owner !== 'other') push(owned, workloadId(owner.kind, pod.metadata.namespace ?? 'default', owner.name), member);
    }
    this.members = seen;
    const scalers = new Map<string, AutoscalerStatus>();
    for (const hpa of this.autoscalers.byUid.values()) scalers.set(`${hpa.metadata.namespace ?? 'default'}/${autoscalerTarget(hpa)}`, autoscalerStatus(hpa));
    const result: Workload[] = [];
    const add = (kind: 'deployment' | 'statefulset' | 'daemonset', meta: KubeObjectMeta, build: (members: WorkloadMember[], scaler: AutoscalerStatus | undefined) => Workload): void => {
      const namespace = meta.namespace ?? 'default';
      const members = (owned.get(workloadId(kind, namespace, meta.name)) ?? []).sort(byName);
      result.push(build(members, scalers.get(`${namespace}/${kind}/${meta.name}`)));
    };
    for (const d of this.deployments.byUid.values()) add('deployment', d.metadata, (m, a) => controllerWorkload('deployment', d.metadata, d.spec?.template, deploymentRollout(d), m, a));
    for (const s of this.statefulSets.byUid.values()) add('statefulset', s.metadata, (m, a) => controllerWorkload('statefulset', s.metadata, s.spec?.template, statefulSetRollout(s), m, a));
    for (const d of this.daemonSets.byUid.values()) add('daemonset', d.metadata, (m, a) => controllerWorkload('daemonset', d.metadata, d.spec?.template, daemonSetRollout(d), m, a));
    for (const { pod, member } of bare) result.push(barePodWorkload(pod, member));
    return result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private memberOf(pod: KubePod, seen: Map<string, { version: string; member: WorkloadMember }>): WorkloadMember {
    const version = pod.metadata.resourceVersion ?? '';
    const known = this.members.get(pod.metadata.uid);
    const entry = known && known.version === version && version !== '' ? known : { version, member: podMember(pod) };
    seen.set(pod.metadata.uid, entry);
    return entry.member;
  }
}

function barePodWorkload(pod: KubePod, member: WorkloadMember): Workload {
  const namespace = pod.metadata.namespace ?? 'default';
  const image = pod.spec?.containers?.[0]?.image ?? undefined;
  const createdAt = parseTime(pod.metadata.creationTimestamp);
  return {
    id: workloadId('pod', namespace, pod.metadata.name),
    engine: 'kubernetes',
    kind: 'pod',
    group: { kind: 'namespace', name: namespace },
    name: pod.metadata.name,
    state: member.state,
    health: member.health,
    ...(image ? { image, version: imageVersion(image) } : {}),
    restarts: member.restarts,
    ...(createdAt !== undefined ? { createdAt } : {}),
    members: [member],
    labels: { ...(pod.metadata.labels ?? {}) },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byName(a: WorkloadMember, b: WorkloadMember): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

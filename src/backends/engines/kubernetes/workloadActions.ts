import type { EngineCapability, Workload, WorkloadMember } from '../../../core/engines/engineTypes';
import { DevopsError } from '../../../core/errors';
import type { KubeClient } from './kubeClient';

// What the backend changes in a cluster, each as kubectl does it: scale through the scale
// subresource (a merge patch of spec.replicas, so it never overwrites other fields), a
// rollout restart as a changed pod-template annotation (kubectl.kubernetes.io/restartedAt),
// and a pod delete bound to the pod's uid, so a StatefulSet's new pod of the same name is
// never the one deleted.

const collection: Partial<Record<Workload['kind'], string>> = {
  deployment: 'deployments',
  statefulset: 'statefulsets',
  daemonset: 'daemonsets',
};

/** The workload's namespace and name, from its group and name. */
function locate(workload: Workload): { namespace: string; plural: string | undefined } {
  if (workload.engine !== 'kubernetes' || workload.group?.kind !== 'namespace') throw new DevopsError('invalid-data', `${workload.id} is not a Kubernetes workload`);
  return { namespace: workload.group.name, plural: collection[workload.kind] };
}

function appsPath(namespace: string, plural: string, name: string): string {
  return `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${plural}/${encodeURIComponent(name)}`;
}

/** True when the workload can take the action: DaemonSets and bare pods have no replicas to set, bare pods no template to roll. */
export function kubernetesCan(workload: Workload, action: EngineCapability): boolean {
  if (action === 'start' || action === 'stop') return false;
  if (action === 'scale') return workload.kind === 'deployment' || workload.kind === 'statefulset';
  if (action === 'restart') return workload.kind in collection;
  return true;
}

export async function scaleWorkload(client: KubeClient, workload: Workload, replicas: number, signal: AbortSignal): Promise<void> {
  if (!Number.isInteger(replicas) || replicas < 0) throw new DevopsError('invalid-data', `replicas must be a whole number of 0 or more, not ${replicas}`);
  const { namespace, plural } = locate(workload);
  if (!kubernetesCan(workload, 'scale') || plural === undefined) throw new DevopsError('invalid-data', `a ${workload.kind} has no replicas to scale (${workload.name})`);
  await client.json({ method: 'PATCH', path: `${appsPath(namespace, plural, workload.name)}/scale`, body: { spec: { replicas } }, contentType: 'application/merge-patch+json', signal });
}

export async function restartWorkload(client: KubeClient, workload: Workload, signal: AbortSignal, now = new Date()): Promise<void> {
  const { namespace, plural } = locate(workload);
  if (plural === undefined) throw new DevopsError('invalid-data', `a bare pod has no rollout to restart (${workload.name}); delete it instead`);
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString().replace(/\.\d{3}Z$/, 'Z') } } } } };
  await client.json({ method: 'PATCH', path: appsPath(namespace, plural, workload.name), body, contentType: 'application/strategic-merge-patch+json', signal });
}

export async function deletePod(client: KubeClient, workload: Workload, member: WorkloadMember, signal: AbortSignal): Promise<void> {
  const { namespace } = locate(workload);
  if (!workload.members.some((m) => m.id === member.id)) throw new DevopsError('invalid-data', `${member.name} is not a pod of ${workload.name}`);
  const body = { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: member.id } };
  await client.json({ method: 'DELETE', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(member.name)}`, body, signal });
}

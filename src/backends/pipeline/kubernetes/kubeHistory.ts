import * as z from 'zod';
import { objectMetaSchema } from '../../engines/kubernetes/kubeSchemas';
import { DevopsError } from '../../../core/errors';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { deployAnnotations, describeRef, revisionAnnotation, workloadPath, type DeployedWorkload, type WorkloadRef } from './kubeWorkload';

// A Deployment's history is its ReplicaSets: each carries the revision it was
// (deployment.kubernetes.io/revision) and the pod template of that revision. Rolling back
// sets the Deployment's template to the previous ReplicaSet's, as `kubectl rollout undo`
// does, at the resourceVersion it was read at.

const replicaSetSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.looseObject({ template: z.looseObject({ metadata: z.looseObject({ labels: z.record(z.string(), z.string()).nullish(), annotations: z.record(z.string(), z.string()).nullish() }).nullish(), spec: z.looseObject({ containers: z.array(z.looseObject({ name: z.string(), image: z.string().nullish() })) }) }) }),
});
const replicaSetListSchema = z.object({ items: z.array(replicaSetSchema) });

export type OwnedReplicaSet = z.output<typeof replicaSetSchema> & { revision: number };

/** The Deployment's ReplicaSets with a revision, newest first. */
export async function ownedReplicaSets(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, signal: AbortSignal): Promise<OwnedReplicaSet[]> {
  const raw = await client.json({ path: `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/replicasets`, signal });
  const parsed = replicaSetListSchema.safeParse(raw);
  if (!parsed.success) throw new DevopsError('invalid-data', `the ReplicaSets of ${describeRef(ref)} are not a ReplicaSet list`);
  return parsed.data.items
    .filter((rs) => rs.metadata.ownerReferences?.some((owner) => owner.controller === true && owner.uid === workload.metadata.uid))
    .map((rs) => ({ ...rs, revision: Number(rs.metadata.annotations?.[revisionAnnotation] ?? NaN) }))
    .filter((rs) => Number.isInteger(rs.revision))
    .sort((a, b) => b.revision - a.revision);
}

/** The image of a ReplicaSet's container `name`. */
export function replicaSetImage(rs: OwnedReplicaSet, container: string): string {
  return rs.spec.template.spec.containers.find((c) => c.name === container)?.image ?? '';
}

/** Sets the Deployment's template to the ReplicaSet below the current revision; returns the image it brings back. */
export async function rollBackDeployment(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, who: { container: string; by: string }, signal: AbortSignal): Promise<{ revision: number; image: string; version?: string }> {
  const current = Number(workload.metadata.annotations?.[revisionAnnotation] ?? NaN);
  const sets = await ownedReplicaSets(client, ref, workload, signal);
  const previous = sets.find((rs) => Number.isNaN(current) || rs.revision < current);
  if (!previous) throw new DevopsError('not-found', `${describeRef(ref)} has no earlier revision to roll back to`);
  const template = structuredClone(previous.spec.template);
  // The hash label belongs to the ReplicaSet, not to the template the Deployment gets back.
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  const image = replicaSetImage(previous, who.container);
  const version = previous.spec.template.metadata?.annotations?.[deployAnnotations.version];
  const annotations: Record<string, string> = { ...(workload.metadata.annotations ?? {}), [deployAnnotations.image]: image, [deployAnnotations.by]: who.by, [deployAnnotations.at]: new Date().toISOString() };
  if (version === undefined) delete annotations[deployAnnotations.version];
  else annotations[deployAnnotations.version] = version;
  // The resourceVersion in the patch makes it conditional: a change by anyone since the read is a 409.
  const body = [
    { op: 'replace', path: '/metadata/resourceVersion', value: workload.metadata.resourceVersion },
    { op: 'replace', path: '/spec/template', value: template },
    { op: workload.metadata.annotations ? 'replace' : 'add', path: '/metadata/annotations', value: annotations },
  ];
  await client.json({ method: 'PATCH', path: workloadPath(ref), body, contentType: 'application/json-patch+json', signal });
  return { revision: previous.revision, image, ...(version !== undefined ? { version } : {}) };
}

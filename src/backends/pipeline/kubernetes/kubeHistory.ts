import * as z from 'zod';
import { objectMetaSchema } from '../../engines/kubernetes/kubeSchemas';
import { DevopsError } from '../../../core/errors';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { deployAnnotations, describeRef, revisionAnnotation, workloadPath, type DeployedWorkload, type WorkloadRef } from './kubeWorkload';

// A Deployment's history is its ReplicaSets: each carries the revision it was
// (deployment.kubernetes.io/revision) and the pod template of that revision. A StatefulSet's
// is its ControllerRevisions (`revision`, and the template in `data` under spec.template);
// its own is the one status.updateRevision names. The previous revision is the newest one
// below the workload's own, as `kubectl rollout undo` picks it.

const templateSchema = z.looseObject({
  metadata: z.looseObject({ labels: z.record(z.string(), z.string()).nullish(), annotations: z.record(z.string(), z.string()).nullish() }).nullish(),
  spec: z.looseObject({ containers: z.array(z.looseObject({ name: z.string(), image: z.string().nullish() })) }),
});
const replicaSetListSchema = z.object({ items: z.array(z.object({ metadata: objectMetaSchema, spec: z.looseObject({ template: templateSchema }) })) });
const controllerRevisionListSchema = z.object({ items: z.array(z.object({ metadata: objectMetaSchema, revision: z.number().int(), data: z.looseObject({ spec: z.looseObject({ template: templateSchema }) }).nullish() })) });

export type PodTemplate = z.output<typeof templateSchema>;

/** One revision of a workload as its controller keeps it. */
export interface WorkloadRevision {
  revision: number;
  /** The object that holds it (a ReplicaSet), for messages. */
  name: string;
  template: PodTemplate;
  createdAt?: string;
}

/** The workload's revisions, newest first. */
export async function workloadRevisions(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, signal: AbortSignal): Promise<WorkloadRevision[]> {
  const revisions = ref.kind === 'statefulset' ? await controllerRevisions(client, ref, workload, signal) : await replicaSets(client, ref, workload, signal);
  return revisions.filter((r) => Number.isInteger(r.revision)).sort((a, b) => b.revision - a.revision);
}

async function replicaSets(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, signal: AbortSignal): Promise<WorkloadRevision[]> {
  const raw = await client.json({ path: `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/replicasets`, signal });
  const parsed = replicaSetListSchema.safeParse(raw);
  if (!parsed.success) throw new DevopsError('invalid-data', `the ReplicaSets of ${describeRef(ref)} are not a ReplicaSet list`);
  return parsed.data.items
    .filter((rs) => ownedBy(rs.metadata, workload))
    .map((rs) => ({ revision: Number(rs.metadata.annotations?.[revisionAnnotation] ?? NaN), name: rs.metadata.name, template: rs.spec.template, ...(rs.metadata.creationTimestamp ? { createdAt: rs.metadata.creationTimestamp } : {}) }));
}

async function controllerRevisions(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, signal: AbortSignal): Promise<WorkloadRevision[]> {
  const raw = await client.json({ path: `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/controllerrevisions`, signal });
  const parsed = controllerRevisionListSchema.safeParse(raw);
  if (!parsed.success) throw new DevopsError('invalid-data', `the ControllerRevisions of ${describeRef(ref)} are not a ControllerRevision list`);
  return parsed.data.items.flatMap((cr) => {
    const kept = cr.data?.spec.template;
    if (!ownedBy(cr.metadata, workload) || !kept) return [];
    // "$patch": "replace" says how the controller applies the data; it is no part of the template.
    const { $patch: _directive, ...template } = kept;
    return [{ revision: cr.revision, name: cr.metadata.name, template, ...(cr.metadata.creationTimestamp ? { createdAt: cr.metadata.creationTimestamp } : {}) }];
  });
}

function ownedBy(meta: z.output<typeof objectMetaSchema>, workload: DeployedWorkload): boolean {
  return meta.ownerReferences?.some((owner) => owner.controller === true && owner.uid === workload.metadata.uid) ?? false;
}

/** The revision a rollback returns to: the newest below the current one (any, when the current one is unknown). */
export function previousRevision(workload: DeployedWorkload, revisions: readonly WorkloadRevision[]): WorkloadRevision | undefined {
  const current = currentRevision(workload, revisions);
  return revisions.find((r) => current === undefined || r.revision < current);
}

/** The number of the workload's own revision: a Deployment's annotation, the ControllerRevision a StatefulSet's status names. */
function currentRevision(workload: DeployedWorkload, revisions: readonly WorkloadRevision[]): number | undefined {
  const updateRevision = workload.status?.updateRevision;
  if (updateRevision) return revisions.find((r) => r.name === updateRevision)?.revision;
  const annotated = Number(workload.metadata.annotations?.[revisionAnnotation] ?? NaN);
  return Number.isNaN(annotated) ? undefined : annotated;
}

/** The image of the template's container `name`. */
export function templateImage(template: PodTemplate, container: string): string {
  return template.spec.containers.find((c) => c.name === container)?.image ?? '';
}

/** The release version a deploy recorded on the template, if any. */
export function templateVersion(template: PodTemplate): string | undefined {
  return template.metadata?.annotations?.[deployAnnotations.version] ?? undefined;
}

/** The tag of repository:tag, which is the version when no deploy recorded one. */
export function imageTag(image: string): string | undefined {
  return /:([^/:]+)$/.exec(image)?.[1];
}

/** The revision a rollback of the workload returns to; throws not-found, naming the workload, when there is none. */
export async function rollbackRevision(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, signal: AbortSignal): Promise<WorkloadRevision> {
  const previous = previousRevision(workload, await workloadRevisions(client, ref, workload, signal));
  if (!previous) throw new DevopsError('not-found', `${describeRef(ref)} has no earlier revision to roll back to`);
  return previous;
}

/** Sets the workload's template to the previous revision's, as `kubectl rollout undo` does; returns what it brings back. */
export async function rollBackWorkload(client: KubeClient, ref: WorkloadRef, workload: DeployedWorkload, who: { container: string; by: string }, signal: AbortSignal): Promise<{ revision: number; image: string; version?: string }> {
  const previous = await rollbackRevision(client, ref, workload, signal);
  const template = structuredClone(previous.template);
  // The hash label belongs to the ReplicaSet, not to the template the workload gets back.
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  const image = templateImage(previous.template, who.container);
  const version = templateVersion(previous.template);
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

import * as z from 'zod';
import { deploymentSchema, objectMetaSchema } from '../../engines/kubernetes/kubeSchemas';
import { DevopsError } from '../../../core/errors';
import { HttpError } from '../../http/httpErrors';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';

// A Deployment or StatefulSet as a deploy reads it (Kubernetes API reference, apps/v1): the
// pod template's containers, the generation the controller has observed and its replica
// counts, which together say whether a rollout is in progress.

const count = z.number().int().nullish();

export const deployedWorkloadSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.looseObject({
    replicas: count,
    template: z.looseObject({ spec: z.looseObject({ containers: z.array(z.looseObject({ name: z.string(), image: z.string().nullish() })) }) }),
  }),
  // A Deployment's status as the live views read it, with the revisions a StatefulSet adds.
  status: deploymentSchema.shape.status.unwrap().unwrap().extend({ currentRevision: z.string().nullish(), updateRevision: z.string().nullish() }).nullish(),
});

export type DeployedWorkload = z.output<typeof deployedWorkloadSchema>;

/** Where a target's workload is: kind and name from devops.yaml, namespace from it or the context. */
export interface WorkloadRef {
  kind: 'deployment' | 'statefulset';
  name: string;
  namespace: string;
  /** The container devops.yaml names, if any. */
  container?: string;
}

/** Annotations a deploy records on the workload, parallel to the Swarm labels (swarmService.ts deployLabels). */
export const deployAnnotations = {
  image: 'devops-loop.deploy/image',
  version: 'devops-loop.deploy/version',
  by: 'devops-loop.deploy/by',
  at: 'devops-loop.deploy/at',
} as const;

export const revisionAnnotation = 'deployment.kubernetes.io/revision';

export function describeRef(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.name} in namespace ${ref.namespace}`;
}

export function workloadPath(ref: WorkloadRef): string {
  return `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/${ref.kind}s/${encodeURIComponent(ref.name)}`;
}

export async function readWorkload(client: KubeClient, ref: WorkloadRef, signal: AbortSignal): Promise<DeployedWorkload> {
  let raw: unknown;
  try {
    raw = await client.json({ path: workloadPath(ref), signal });
  } catch (error) {
    if (DevopsError.is(error, 'not-found') && HttpError.isHttp(error) && error.status === 404) throw new DevopsError('not-found', `there is no ${describeRef(ref)} (context ${client.session.context})`, { cause: error });
    throw error;
  }
  const parsed = deployedWorkloadSchema.safeParse(raw);
  if (!parsed.success) throw new DevopsError('invalid-data', `${describeRef(ref)} is not a workload with a pod template: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
  return parsed.data;
}

/** The container whose image a deploy sets: the one devops.yaml names, else the only one. */
export function chooseContainer(workload: DeployedWorkload, ref: WorkloadRef): { name: string; image: string } {
  const containers = workload.spec.template.spec.containers;
  const names = containers.map((c) => c.name).join(', ');
  const found = ref.container === undefined ? (containers.length === 1 ? containers[0] : undefined) : containers.find((c) => c.name === ref.container);
  if (found) return { name: found.name, image: found.image ?? '' };
  if (ref.container !== undefined) throw new DevopsError('invalid-config', `${describeRef(ref)} has no container "${ref.container}" (it has: ${names || 'none'})`);
  throw new DevopsError('invalid-config', `${describeRef(ref)} has ${containers.length} containers (${names}); name one with \`container:\` in the target`);
}

/** Why the workload's rollout is not complete, or undefined when it is (kubectl rollout status's rules). */
export function rolloutPending(workload: DeployedWorkload): string | undefined {
  const status = workload.status ?? {};
  const desired = workload.spec.replicas ?? 1;
  if ((status.observedGeneration ?? 0) < (workload.metadata.generation ?? 0)) return 'the controller has not yet seen the newest change';
  if ((status.updatedReplicas ?? 0) < desired) return `${status.updatedReplicas ?? 0} of ${desired} replicas updated`;
  if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return `${(status.replicas ?? 0) - (status.updatedReplicas ?? 0)} old replicas still terminating`;
  if ((status.availableReplicas ?? status.readyReplicas ?? 0) < desired) return `${status.availableReplicas ?? 0} of ${desired} updated replicas available`;
  if (status.updateRevision && status.currentRevision && status.updateRevision !== status.currentRevision) return `revision ${status.updateRevision} not yet current`;
  return undefined;
}

/** The Progressing condition's verdict: a Deployment past its progress deadline has failed. */
export function progressFailure(workload: DeployedWorkload): string | undefined {
  const progressing = workload.status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason !== 'ProgressDeadlineExceeded') return undefined;
  return progressing.message ?? 'the progress deadline was exceeded';
}

/** Refuses (conflict) while the workload's own rollout is in progress, whoever started it. */
export function assertNotRollingOut(workload: DeployedWorkload, ref: WorkloadRef): void {
  const pending = rolloutPending(workload);
  // A rollout past its deadline is over (failed), not in progress: a deploy may fix it.
  if (pending === undefined || progressFailure(workload) !== undefined) return;
  const by = workload.metadata.annotations?.[deployAnnotations.by];
  throw new DevopsError('conflict', `Kubernetes ${describeRef(ref)} is already rolling out (${pending}${by ? `, last deploy by ${by}` : ''}); wait for it to finish`);
}

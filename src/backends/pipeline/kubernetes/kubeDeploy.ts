import { DevopsError } from '../../../core/errors';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import type { EngineDeployRequest } from '../engineDeployRequest';
import { undoRollout } from './kubeRollback';
import { describeEnd, followKubeRollout } from './kubeRollout';
import { assertNotRollingOut, chooseContainer, deployAnnotations, describeRef, readWorkload, workloadPath, type WorkloadRef } from './kubeWorkload';

// A deploy to a Kubernetes Deployment or StatefulSet: the container's image set by a
// strategic-merge patch carrying the resourceVersion it was read at (a change by anyone in
// between is a 409, never overwritten), who and when recorded as annotations, then the
// rollout followed from the workload's status. With `rollback: auto` a failed rollout goes
// back to the previous revision's template (a Deployment's ReplicaSet, a StatefulSet's
// ControllerRevision), as `kubectl rollout undo` does (kubeRollback.ts, the same code as
// Rollback…).

export interface KubeDeployRequest extends EngineDeployRequest {
  ref: WorkloadRef;
}

export async function deployToKubernetes(client: KubeClient, request: KubeDeployRequest): Promise<{ ok: boolean; reason: string }> {
  const { ref } = request;
  const workload = await readWorkload(client, ref, request.signal);
  assertNotRollingOut(workload, ref);
  const container = chooseContainer(workload, ref);
  const recorded = { [deployAnnotations.image]: request.image, [deployAnnotations.version]: request.version, [deployAnnotations.by]: request.who, [deployAnnotations.at]: new Date().toISOString() };
  const body = {
    metadata: { resourceVersion: workload.metadata.resourceVersion, annotations: recorded },
    // The version rides on the pod template too, so each ReplicaSet remembers what it ran.
    spec: { template: { metadata: { annotations: { [deployAnnotations.version]: request.version } }, spec: { containers: [{ name: container.name, image: request.image }] } } },
  };
  request.say(`Updating Kubernetes ${describeRef(ref)}, container ${container.name}: ${container.image || 'no image'} → ${request.image}`);
  try {
    await client.json({ method: 'PATCH', path: workloadPath(ref), body, contentType: 'application/strategic-merge-patch+json', signal: request.signal });
  } catch (error) {
    if (DevopsError.is(error, 'conflict')) throw new DevopsError('conflict', `${describeRef(ref)} was changed by someone else since it was read; nothing was deployed, deploy again to use the newest state`, { cause: error });
    throw error;
  }
  const watch = { ref, deadline: Date.now() + request.timeoutMs, say: request.say, signal: request.signal, ...(request.pollMs ? { pollMs: request.pollMs } : {}) };
  const result = await followKubeRollout(client, watch);
  if (result.end === 'converged') return { ok: true, reason: `${ref.kind}/${ref.name} runs ${request.image}` };
  const why = describeEnd(result.end, result.message, request.timeoutMs);
  const undo = `kubectl rollout undo ${ref.kind}/${ref.name} -n ${ref.namespace} --context ${client.session.context}`;
  if (request.rollback !== 'auto') return { ok: false, reason: `${why}; ${ref.kind}/${ref.name} is left as it is (roll back with Rollback… on its environment, \`devops-loop rollback\`, or \`${undo}\`)` };
  request.say(`Rolling ${ref.kind}/${ref.name} back to its previous revision`);
  const back = await undoRollout(client, ref, result.workload.metadata.generation, { container: container.name, by: request.who }, request.signal);
  if (typeof back === 'string') return { ok: false, reason: `${why}; ${back}` };
  const again = await followKubeRollout(client, { ...watch, deadline: Date.now() + request.timeoutMs });
  const after = again.end === 'converged' ? `rolled back to revision ${back.revision} (${back.image})` : `the rollback to revision ${back.revision} ended ${describeEnd(again.end, again.message, request.timeoutMs)}`;
  return { ok: false, reason: `${why}; ${after}` };
}

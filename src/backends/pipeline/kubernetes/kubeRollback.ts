import { DevopsError } from '../../../core/errors';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { imageTag, rollBackWorkload, rollbackRevision, templateImage, templateVersion } from './kubeHistory';
import { describeEnd, followKubeRollout } from './kubeRollout';
import { assertNotRollingOut, chooseContainer, describeRef, readWorkload, type WorkloadRef } from './kubeWorkload';

// Rolling a Kubernetes workload back to its previous revision, as `kubectl rollout undo`
// does: the one implementation behind Rollback… (and `devops-loop rollback`) and behind
// `rollback: auto` after a failed deploy. Refused while a rollout is in progress and when
// the workload keeps no earlier revision, with the workload named.

export interface KubeRollbackRequest {
  ref: WorkloadRef;
  who: string;
  timeoutMs: number;
  say: (text: string) => void;
  signal: AbortSignal;
  pollMs?: number;
}

/** What a rollback would return to; throws conflict while the workload rolls out, not-found when it has no earlier revision. */
export async function kubeRollbackDestination(client: KubeClient, ref: WorkloadRef, signal: AbortSignal): Promise<{ image: string; version?: string }> {
  const workload = await readWorkload(client, ref, signal);
  assertNotRollingOut(workload, ref);
  const container = chooseContainer(workload, ref);
  const previous = await rollbackRevision(client, ref, workload, signal);
  const image = templateImage(previous.template, container.name).replace(/@sha256:[0-9a-f]+$/, '');
  const version = templateVersion(previous.template) ?? imageTag(image);
  return { image, ...(version !== undefined ? { version } : {}) };
}

/** Rollback… of a Kubernetes target: back to the previous revision, followed until it converged, failed or timed out. */
export async function rollbackKubernetes(client: KubeClient, request: KubeRollbackRequest): Promise<{ ok: boolean; reason: string }> {
  const { ref } = request;
  const workload = await readWorkload(client, ref, request.signal);
  assertNotRollingOut(workload, ref);
  const container = chooseContainer(workload, ref);
  request.say(`Rolling Kubernetes ${describeRef(ref)} back to its previous revision`);
  const back = await undoRollout(client, ref, workload.metadata.generation, { container: container.name, by: request.who }, request.signal);
  if (typeof back === 'string') return { ok: false, reason: back };
  request.say(`${ref.kind}/${ref.name}: ${container.image || 'no image'} → ${back.image} (revision ${back.revision})`);
  const result = await followKubeRollout(client, { ref, deadline: Date.now() + request.timeoutMs, say: request.say, signal: request.signal, ...(request.pollMs ? { pollMs: request.pollMs } : {}) });
  if (result.end === 'converged') return { ok: true, reason: `${ref.kind}/${ref.name} rolled back to revision ${back.revision} (${back.image})` };
  return { ok: false, reason: `the rollback of ${ref.kind}/${ref.name} to revision ${back.revision} ended: ${describeEnd(result.end, result.message, request.timeoutMs)}` };
}

/**
 * Puts the previous revision's template back on the workload read at `generation`. The
 * controller writes status all along, each write a new resourceVersion: this reads afresh
 * and tries again on a conflict, but never over a spec someone else changed meanwhile
 * (returned as a sentence).
 */
export async function undoRollout(client: KubeClient, ref: WorkloadRef, generation: number | null | undefined, who: { container: string; by: string }, signal: AbortSignal): Promise<Awaited<ReturnType<typeof rollBackWorkload>> | string> {
  for (let attempt = 1; ; attempt++) {
    const fresh = await readWorkload(client, ref, signal);
    if (fresh.metadata.generation !== generation) return `not rolled back: ${describeRef(ref)} was changed by someone else meanwhile`;
    try {
      return await rollBackWorkload(client, ref, fresh, who, signal);
    } catch (error) {
      if (!DevopsError.is(error, 'conflict') || attempt >= 3) throw error;
    }
  }
}

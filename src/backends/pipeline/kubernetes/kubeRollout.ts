import { DevopsError } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { describeRef, progressFailure, readWorkload, rolloutPending, type DeployedWorkload, type WorkloadRef } from './kubeWorkload';

// Following a rollout from the workload's status, as `kubectl rollout status` does: done
// when the controller observed the newest generation and every replica is updated and
// available; failed when the Progressing condition says ProgressDeadlineExceeded. The
// cluster does the work; this only reads, so a closed editor loses nothing.

export type KubeRolloutEnd = 'converged' | 'failed' | 'timed-out';

export interface KubeRolloutWatch {
  ref: WorkloadRef;
  deadline: number;
  say: (text: string) => void;
  signal: AbortSignal;
  pollMs?: number;
}

export async function followKubeRollout(client: KubeClient, watch: KubeRolloutWatch): Promise<{ end: KubeRolloutEnd; workload: DeployedWorkload; message?: string }> {
  let last = '';
  for (;;) {
    const workload = await readWorkload(client, watch.ref, watch.signal);
    const failure = progressFailure(workload);
    const pending = rolloutPending(workload);
    const status = workload.status ?? {};
    const line = `${watch.ref.kind}/${watch.ref.name}: ${status.updatedReplicas ?? 0} updated, ${status.readyReplicas ?? 0} ready, ${status.availableReplicas ?? 0} available of ${workload.spec.replicas ?? 1}`;
    if (line !== last) watch.say((last = line));
    // A failure is only the new generation's once the controller has observed it.
    if (failure !== undefined && (status.observedGeneration ?? 0) >= (workload.metadata.generation ?? 0)) return { end: 'failed', workload, message: failure };
    if (pending === undefined) return { end: 'converged', workload };
    if (Date.now() >= watch.deadline) return { end: 'timed-out', workload, message: pending };
    await delay(watch.pollMs ?? 1000, watch.signal);
    if (watch.signal.aborted) throw new DevopsError('cancelled', `stopped following the rollout of ${describeRef(watch.ref)}; it goes on in the cluster`);
  }
}

/** How a rollout that did not converge ended, in a sentence. */
export function describeEnd(end: KubeRolloutEnd, message: string | undefined, timeoutMs: number): string {
  if (end === 'timed-out') return `the rollout did not converge within ${Math.round(timeoutMs / 1000)} s${message ? ` (${message})` : ''}`;
  return `the rollout failed${message ? ` (${message})` : ''}`;
}

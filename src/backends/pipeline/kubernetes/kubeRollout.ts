import { DevopsError } from '../../../core/errors';
import { delay, timeoutSignal } from '../../../core/safeTimers';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { isExpired } from '../../engines/kubernetes/kubeErrors';
import { describeRef, progressFailure, readWorkload, rolloutPending, type DeployedWorkload, type WorkloadRef } from './kubeWorkload';
import { listWorkload, watchWorkload, type WatchPosition } from './kubeWorkloadWatch';

// Following a rollout from the workload's status, as `kubectl rollout status` does: done
// when the controller observed the newest generation and every replica is updated and
// available; failed when the Progressing condition says ProgressDeadlineExceeded. The
// status comes by a watch of the one workload from the resourceVersion read, so the
// follower learns of each change as the controller writes it and asks nothing in between;
// a dropped watch or 410 Gone lists the workload again and watches on from there. Only
// when the cluster does not let the watch open (RBAC without `watch`, a proxy that refuses
// streaming requests) is the status read every `pollMs`. The cluster does the work; this only reads,
// so a closed editor loses nothing.

export type KubeRolloutEnd = 'converged' | 'failed' | 'timed-out';

export interface KubeRolloutWatch {
  ref: WorkloadRef;
  deadline: number;
  say: (text: string) => void;
  signal: AbortSignal;
  /** How often the status is read when the watch cannot be opened. */
  pollMs?: number;
}

type Outcome = { end: KubeRolloutEnd; workload: DeployedWorkload; message?: string };

/** A watch that sends nothing, not even a bookmark (about one a minute), for this long is dropped. */
const watchIdleMs = 90_000;

export async function followKubeRollout(client: KubeClient, watch: KubeRolloutWatch): Promise<Outcome> {
  let last = '';
  // The verdict on one state of the workload, saying its progress when that changed.
  const judge = (workload: DeployedWorkload): Outcome | undefined => {
    const status = workload.status ?? {};
    const line = `${watch.ref.kind}/${watch.ref.name}: ${status.updatedReplicas ?? 0} updated, ${status.readyReplicas ?? 0} ready, ${status.availableReplicas ?? 0} available of ${workload.spec.replicas ?? 1}`;
    if (line !== last) watch.say((last = line));
    const failure = progressFailure(workload);
    // A failure is only the new generation's once the controller has observed it.
    if (failure !== undefined && (status.observedGeneration ?? 0) >= (workload.metadata.generation ?? 0)) return { end: 'failed', workload, message: failure };
    if (rolloutPending(workload) === undefined) return { end: 'converged', workload };
    return undefined;
  };
  const until = AbortSignal.any([watch.signal, timeoutSignal(Math.max(0, watch.deadline - Date.now()))]);
  let workload = await readWorkload(client, watch.ref, watch.signal);
  let position: WatchPosition | undefined = { resourceVersion: workload.metadata.resourceVersion ?? '' };
  let failuresInARow = 0;
  for (;;) {
    const verdict = judge(workload);
    if (verdict) return verdict;
    if (watch.signal.aborted) throw new DevopsError('cancelled', `stopped following the rollout of ${describeRef(watch.ref)}; it goes on in the cluster`);
    if (Date.now() >= watch.deadline) return { end: 'timed-out', workload, message: rolloutPending(workload) ?? '' };
    if (position === undefined) {
      await delay(watch.pollMs ?? 1000, until);
      if (!until.aborted) workload = await readWorkload(client, watch.ref, watch.signal);
      continue;
    }
    let opened = false;
    let openedAt = 0;
    try {
      const timeoutSeconds = Math.max(1, Math.ceil((watch.deadline - Date.now()) / 1000));
      await watchWorkload(client, watch.ref, position, { idleMs: watchIdleMs, timeoutSeconds, signal: until, onOpen: () => ((opened = true), (openedAt = Date.now())) }, (next) => {
        workload = next;
        return judge(next) ? 'stop' : undefined;
      });
      failuresInARow = 0; // the server ended the watch (its timeout) or a verdict stopped it
    } catch (error) {
      if (until.aborted) continue; // cancelled or past the deadline: the loop's head says which
      if (DevopsError.is(error, 'not-found') && !isExpired(error)) throw error;
      if (!opened && !isExpired(error)) {
        watch.say(`${watch.ref.kind}/${watch.ref.name}: the cluster did not let its status be watched (${error instanceof Error ? error.message : String(error)}); reading it every ${every(watch.pollMs ?? 1000)}`);
        position = undefined;
        continue;
      }
      // Dropped, silent or too old: list the workload again and watch on from the list's
      // version; a watch failing soon after it opened, again and again, waits longer each time.
      failuresInARow = opened && Date.now() - openedAt > 1000 ? 1 : failuresInARow + 1;
      if (failuresInARow > 1) await delay(Math.min(5000, 100 * 2 ** (failuresInARow - 1)), until);
      if (until.aborted) continue;
      ({ workload, position } = await listWorkload(client, watch.ref, watch.signal));
    }
  }
}

function every(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** How a rollout that did not converge ended, in a sentence. */
export function describeEnd(end: KubeRolloutEnd, message: string | undefined, timeoutMs: number): string {
  if (end === 'timed-out') return `the rollout did not converge within ${Math.round(timeoutMs / 1000)} s${message ? ` (${message})` : ''}`;
  return `the rollout failed${message ? ` (${message})` : ''}`;
}

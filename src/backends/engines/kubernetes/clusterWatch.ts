import type { EngineSnapshot, Workload } from '../../../core/engines/engineTypes';
import type { DevopsError } from '../../../core/errors';
import { setSafeTimeout } from '../../../core/safeTimers';
import { ClusterState } from './clusterState';
import type { KubeClient } from './kubeClient';
import { daemonSetSchema, deploymentSchema, hpaSchema, podSchema, statefulSetSchema } from './kubeSchemas';
import type { KubeObjectMeta } from './kubeSchemas';
import { runResourceWatch } from './resourceWatch';
import type { ResourceKind, WatchTimings } from './resourceWatch';

// Every watched resource in every namespace of one session, adding up to whole snapshots.
// The first snapshot waits until each watch listed once (a Deployment without its pods yet
// would show as down), then goes out at once. After that, changes are gathered until the
// stream is quiet for `quietMs`, or for `coalesceMs` at most, and sent as one snapshot: a
// burst of a thousand events costs one or two assemblies, not a thousand.

export interface ClusterWatchTimings extends WatchTimings {
  /** The longest a change waits before it is sent. */
  coalesceMs: number;
  /** A snapshot goes out once no change came for this long. */
  quietMs: number;
}

/** Emits snapshots of the cluster until `signal` aborts; resolves then. */
export async function watchCluster(client: KubeClient, engineId: string, timings: ClusterWatchTimings, onSnapshot: (snapshot: EngineSnapshot) => void, signal: AbortSignal): Promise<void> {
  const state = new ClusterState();
  const kinds = resourceKinds(state);
  const watches: { key: string; listed: boolean; error?: DevopsError }[] = [];
  let pending: ReturnType<typeof setSafeTimeout> | undefined;
  let pendingSince = 0;
  let lastAnswer = Date.now();
  let lastGood: Workload[] = [];
  let sentFirst = false;
  const emit = (): void => {
    if (pending) clearTimeout(pending);
    pending = undefined;
    if (signal.aborted) return;
    const failed = watches.find((w) => w.error !== undefined);
    // Until every watch listed once the picture is partial: send it only when one failed, as stale.
    if (!failed && watches.some((w) => !w.listed)) return;
    if (watches.every((w) => w.listed)) lastGood = state.workloads();
    const error = failed?.error;
    onSnapshot({ engineId, engine: 'kubernetes', workloads: lastGood, at: lastAnswer, stale: error !== undefined || watches.some((w) => !w.listed), ...(error ? { error: { reason: error.reason, message: error.message } } : {}) });
  };
  const schedule = (): void => {
    const now = Date.now();
    if (pending === undefined) pendingSince = now;
    else if (now - pendingSince >= timings.coalesceMs) return;
    else clearTimeout(pending);
    pending = setSafeTimeout(emit, Math.min(timings.quietMs, timings.coalesceMs - (now - pendingSince)));
  };
  const runs = client.session.namespaces.flatMap((namespace) =>
    kinds.map((kind) => {
      const entry: (typeof watches)[number] = { key: `${kind.plural}/${namespace}`, listed: false };
      watches.push(entry);
      return runResourceWatch(client, kind, namespace, timings, {
        changed: () => {
          lastAnswer = Date.now();
          schedule();
        },
        current: () => {
          lastAnswer = Date.now();
          const was = entry.error !== undefined || !entry.listed;
          entry.listed = true;
          entry.error = undefined;
          // The first complete picture goes out at once; a recovery like any change.
          if (watches.every((w) => w.listed) && !sentFirst) {
            sentFirst = true;
            emit();
          } else if (was) schedule();
        },
        failed: (error) => {
          entry.error = error;
          schedule();
        },
      }, signal);
    }),
  );
  await Promise.all(runs);
  if (pending) clearTimeout(pending);
}

type AnyKind = ResourceKind<{ metadata: KubeObjectMeta }>;

function resourceKinds(state: ClusterState): AnyKind[] {
  const apps = (plural: string) => (namespace: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${plural}`;
  const kinds: AnyKind[] = [
    { plural: 'deployments', path: apps('deployments'), schema: deploymentSchema, store: state.deployments },
    { plural: 'statefulsets', path: apps('statefulsets'), schema: statefulSetSchema, store: state.statefulSets },
    { plural: 'daemonsets', path: apps('daemonsets'), schema: daemonSetSchema, store: state.daemonSets },
    { plural: 'pods', path: (namespace: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, schema: podSchema, store: state.pods },
    { plural: 'horizontalpodautoscalers', path: (namespace: string) => `/apis/autoscaling/v2/namespaces/${encodeURIComponent(namespace)}/horizontalpodautoscalers`, schema: hpaSchema, store: state.autoscalers },
  ];
  return kinds;
}

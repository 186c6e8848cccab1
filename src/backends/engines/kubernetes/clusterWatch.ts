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
// would show as down); after that, changes are gathered for `coalesceMs` and sent as one
// snapshot, so a burst of a thousand events costs one assembly, not a thousand.

export interface ClusterWatchTimings extends WatchTimings {
  /** Changes gathered into one snapshot for this long. */
  coalesceMs: number;
}

/** Emits snapshots of the cluster until `signal` aborts; resolves then. */
export async function watchCluster(client: KubeClient, engineId: string, timings: ClusterWatchTimings, onSnapshot: (snapshot: EngineSnapshot) => void, signal: AbortSignal): Promise<void> {
  const state = new ClusterState();
  const kinds = resourceKinds(state);
  const watches: { key: string; listed: boolean; error?: DevopsError }[] = [];
  let pending: ReturnType<typeof setSafeTimeout> | undefined;
  let lastAnswer = Date.now();
  let lastGood: Workload[] = [];
  const emit = (): void => {
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
    pending ??= setSafeTimeout(emit, timings.coalesceMs);
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
          if (was) schedule();
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

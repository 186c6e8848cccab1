import { DevopsError } from '../../../core/errors';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { listSchema } from '../../engines/kubernetes/kubeSchemas';
import { watchErrorOf, watchEventOf } from '../../engines/kubernetes/resourceWatch';
import { deployedWorkloadSchema, describeRef, type DeployedWorkload, type WorkloadRef } from './kubeWorkload';

// One workload, listed and watched alone (fieldSelector metadata.name=<name>), as a rollout
// follower needs it: every change of its status arrives as an event, so nothing is read
// again while nothing changes. A list gives the collection's resourceVersion, from which a
// watch may start even after the cluster compacted the object's own older versions.

/** Where a watch resumes: the newest resourceVersion seen (moved by events and bookmarks). */
export interface WatchPosition {
  resourceVersion: string;
}

export interface WorkloadWatchOptions {
  /** The stream sending nothing (not even a bookmark) for this long counts as dropped. */
  idleMs: number;
  /** Asked of the server: it ends the watch then. */
  timeoutSeconds: number;
  signal: AbortSignal;
  /** The server accepted the watch. */
  onOpen: () => void;
}

function collection(ref: WorkloadRef): string {
  return `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/${ref.kind}s`;
}

function selector(ref: WorkloadRef): string {
  return `metadata.name=${ref.name}`;
}

/** The workload as a list of one reads it, and the list's resourceVersion; not-found when it was deleted. */
export async function listWorkload(client: KubeClient, ref: WorkloadRef, signal: AbortSignal): Promise<{ workload: DeployedWorkload; position: WatchPosition }> {
  const list = listSchema.safeParse(await client.json({ path: collection(ref), query: { fieldSelector: selector(ref) }, signal }));
  if (!list.success) throw new DevopsError('invalid-data', `the list of ${ref.kind}s in namespace ${ref.namespace} is not a Kubernetes list`);
  const item = list.data.items?.[0];
  if (item === undefined) throw new DevopsError('not-found', `${describeRef(ref)} is gone (deleted while its rollout was followed)`);
  const parsed = deployedWorkloadSchema.safeParse(item);
  if (!parsed.success) throw new DevopsError('invalid-data', `${describeRef(ref)} is not a workload with a pod template`);
  return { workload: parsed.data, position: { resourceVersion: list.data.metadata?.resourceVersion ?? parsed.data.metadata.resourceVersion ?? '' } };
}

/**
 * Watches the workload from `position` (moved forward by every event and bookmark), handing
 * each new state to `onChange` until it says 'stop' or the server ends the watch (resolves);
 * rejects on an ERROR event (410 Gone: an HttpError with status 410), a dropped or silent
 * stream, or the server's refusal. A DELETED event is a not-found naming the workload.
 */
export async function watchWorkload(client: KubeClient, ref: WorkloadRef, position: WatchPosition, options: WorkloadWatchOptions, onChange: (workload: DeployedWorkload) => 'stop' | undefined): Promise<void> {
  let failure: Error | undefined;
  const query = { watch: 'true', fieldSelector: selector(ref), resourceVersion: position.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: options.timeoutSeconds };
  await client.lines({ path: collection(ref), query, signal: options.signal }, { idleMs: options.idleMs, onOpen: options.onOpen }, (line) => {
    let event: ReturnType<typeof watchEventOf>;
    try {
      event = watchEventOf(JSON.parse(line));
    } catch {
      return undefined; // a torn line carries no event
    }
    if (event === undefined) return undefined;
    if (event.type === 'ERROR') {
      failure = watchErrorOf(event, `watching ${describeRef(ref)}`, collection(ref));
      return 'stop';
    }
    position.resourceVersion = event.resourceVersion ?? position.resourceVersion;
    if (event.type === 'BOOKMARK') return undefined;
    if (event.type === 'DELETED') {
      failure = new DevopsError('not-found', `${describeRef(ref)} was deleted while its rollout was followed`);
      return 'stop';
    }
    const parsed = deployedWorkloadSchema.safeParse(event.object);
    return parsed.success ? onChange(parsed.data) : undefined;
  });
  if (failure) throw failure;
}

import type { EngineLogLine, Workload } from '../../../core/engines/engineTypes';
import { isCancellation } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import { HttpError } from '../../http/httpErrors';
import type { KubeClient } from './kubeClient';
import { LogCursor, splitStamp } from './logCursor';
import { listSchema, podSchema } from './kubeSchemas';
import type { KubePod } from './kubeSchemas';
import { podOwner } from './podMapping';

// The logs of every pod of a workload, each line tagged with its pod (and container when the
// pod has several). Each container's log is one stream asked with timestamps; when it ends
// or drops, it resumes from the last line's time through a LogCursor, so nothing repeats or
// goes missing. While following, the pods are listed again every `rescanMs`, so a pod that
// a rollout or a scale-up adds joins; a pod that is gone (404) ends its stream.

export interface LogOptions {
  since?: number;
  tail?: number;
  follow: boolean;
}

export interface LogTimings {
  /** A followed log silent this long is resumed (a dead connection says nothing). */
  idleMs: number;
  /** While following, pods are listed again this often to pick up new ones. */
  rescanMs: number;
  backoffFirstMs: number;
  backoffMaxMs: number;
}

export async function workloadLogs(client: KubeClient, workload: Workload, options: LogOptions, timings: LogTimings, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void> {
  const namespace = workload.group?.name ?? 'default';
  const started = new Set<string>();
  const streams: Promise<void>[] = [];
  const startStreams = (pods: readonly KubePod[]): void => {
    for (const pod of pods) {
      const containers = (pod.spec?.containers ?? []).map((c) => c.name);
      for (const container of containers) {
        const key = `${pod.metadata.uid}/${container}`;
        if (started.has(key)) continue;
        started.add(key);
        const tag = { member: pod.metadata.name, ...(containers.length > 1 ? { container } : {}) };
        streams.push(followContainer(client, namespace, pod.metadata.name, container, tag, options, timings, onLine, signal));
      }
    }
  };
  // The first listing fails the call (the caller says why); a later one only skips a rescan.
  startStreams(await podsOf(client, workload, namespace, signal));
  while (options.follow && !signal.aborted) {
    await delay(timings.rescanMs, signal);
    if (signal.aborted) break;
    startStreams(await podsOf(client, workload, namespace, signal).catch(() => []));
  }
  await Promise.all(streams);
}

/** The pods of `workload` as they are now. */
export async function podsOf(client: KubeClient, workload: Workload, namespace: string, signal: AbortSignal): Promise<KubePod[]> {
  const list = listSchema.parse(await client.json({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, signal }));
  const pods = (list.items ?? []).flatMap((raw) => {
    const pod = podSchema.safeParse(raw);
    return pod.success ? [pod.data] : [];
  });
  return pods.filter((pod) => {
    if (workload.kind === 'pod') return pod.metadata.name === workload.name;
    const owner = podOwner(pod);
    return typeof owner === 'object' && owner.kind === workload.kind && owner.name === workload.name;
  });
}

async function followContainer(
  client: KubeClient,
  namespace: string,
  pod: string,
  container: string,
  tag: { member: string; container?: string },
  options: LogOptions,
  timings: LogTimings,
  onLine: (line: EngineLogLine) => void,
  signal: AbortSignal,
): Promise<void> {
  const cursor = new LogCursor();
  let failures = 0;
  let first = true;
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
  while (!signal.aborted) {
    const sinceTime = cursor.sinceTime() ?? (options.since !== undefined ? new Date(Math.floor(options.since / 1000) * 1000).toISOString().replace('.000Z', 'Z') : undefined);
    const query = { container, timestamps: 'true', follow: options.follow ? 'true' : undefined, sinceTime, tailLines: first && options.tail !== undefined ? options.tail : undefined };
    cursor.resume();
    first = false;
    try {
      await client.lines({ path, query, signal }, { idleMs: timings.idleMs, onOpen: () => (failures = 0) }, (line) => {
        const split = splitStamp(line);
        if (split === undefined) return undefined;
        if (options.since !== undefined && split.stamp.ms < options.since) return undefined;
        if (cursor.accept(split.stamp)) onLine({ ...tag, time: split.stamp.ms, text: split.text, stream: 'stdout' });
        return undefined;
      });
      if (!options.follow) return;
    } catch (error) {
      if (signal.aborted || isCancellation(error)) return;
      // The pod is gone: its stream ends with it. A container not started yet answers 400 and is retried.
      if (HttpError.isHttp(error) && error.status === 404) return;
      if (!options.follow) throw error;
      failures++;
    }
    await delay(Math.min(timings.backoffMaxMs, timings.backoffFirstMs * 2 ** failures), signal);
  }
}

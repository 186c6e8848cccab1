import type { EngineStatsSample, Workload } from '../../../core/engines/engineTypes';
import { DevopsError } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import { HttpError } from '../../http/httpErrors';
import type { KubeClient } from './kubeClient';
import { parseQuantity } from './kubeQuantity';
import { podMetricsListSchema } from './kubeSchemas';
import { podsOf } from './podLogs';

// CPU and memory of a workload's pods from the metrics API (metrics.k8s.io/v1beta1, served
// by metrics-server), read every `intervalMs` (metrics-server itself samples every 15 s by
// default). CPU is in percent of one core, as docker stats shows it; the memory limit is the
// pod's when every container has one. A cluster without the metrics API says so, once.

/** Resolves when aborted; rejects with DevopsError 'not-found' when the cluster has no metrics API. */
export async function workloadStats(client: KubeClient, workload: Workload, intervalMs: number, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal, onRead: () => void = () => undefined): Promise<void> {
  const namespace = workload.group?.name ?? 'default';
  let limits = new Map<string, number>();
  let round = 0;
  while (!signal.aborted) {
    // The pods' limits change only with a rollout; asking every tenth round is enough.
    if (round++ % 10 === 0) limits = memoryLimits(await podsOf(client, workload, namespace, signal));
    let answer: unknown;
    try {
      answer = await client.json({ path: `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods`, signal });
    } catch (error) {
      if (HttpError.isHttp(error) && error.status === 404) {
        throw new DevopsError('not-found', `Kubernetes context "${client.session.context}" has no metrics API (metrics.k8s.io): install metrics-server in the cluster to see CPU and memory of pods`, { cause: error });
      }
      throw error;
    }
    const parsed = podMetricsListSchema.safeParse(answer);
    if (!parsed.success) throw new DevopsError('invalid-data', `the metrics API of context "${client.session.context}" answered with something that is not a PodMetrics list`);
    const members = new Set(workload.kind === 'pod' ? [workload.name] : [...limits.keys()]);
    for (const item of parsed.data.items) {
      if (!members.has(item.metadata.name)) continue;
      let cores = 0;
      let bytes = 0;
      for (const container of item.containers ?? []) {
        cores += parseQuantity(container.usage.cpu) ?? 0;
        bytes += parseQuantity(container.usage.memory) ?? 0;
      }
      const at = Date.parse(item.timestamp ?? '');
      const limit = limits.get(item.metadata.name);
      onSample({ member: item.metadata.name, at: Number.isNaN(at) ? Date.now() : at, cpuPercent: Math.round(cores * 1000) / 10, memoryBytes: Math.round(bytes), ...(limit !== undefined && Number.isFinite(limit) ? { memoryLimitBytes: limit } : {}) });
    }
    onRead();
    await delay(intervalMs, signal);
  }
}

/** Pod name → the sum of its containers' memory limits; NaN when a container has no limit (the pod still counts as a member). */
function memoryLimits(pods: Awaited<ReturnType<typeof podsOf>>): Map<string, number> {
  const limits = new Map<string, number>();
  for (const pod of pods) {
    const each = (pod.spec?.containers ?? []).map((c) => parseQuantity(c.resources?.limits?.memory));
    const total = each.length > 0 && each.every((v) => v !== undefined) ? each.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : undefined;
    limits.set(pod.metadata.name, total ?? Number.NaN);
  }
  return limits;
}

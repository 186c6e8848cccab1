import type { EngineStatsSample } from '../../../core/engines/engineTypes';
import { delay } from '../../../core/safeTimers';
import type { DockerClient } from './dockerClient';
import { statsSchema, type DockerStats } from './dockerSchemas';
import { parseJsonLine, readLines } from './dockerStreams';
import { parseEngineTime } from './engineTime';

// CPU and memory of containers from the engine's stats stream (one sample a second each),
// computed as `docker stats` does: CPU is the container's share of the host's CPU time
// since the previous sample, times the number of CPUs; memory is the usage without the
// inactive page cache (cgroup v1: total_inactive_file, v2: inactive_file).

/** CPU use in percent of one CPU; undefined when the sample has no previous reading to compare. */
export function cpuPercent(stats: DockerStats): number | undefined {
  const now = stats.cpu_stats;
  const before = stats.precpu_stats;
  // The first sample of a stream has no previous reading (its precpu is empty): no rate yet.
  if (!now?.system_cpu_usage || !before?.system_cpu_usage) return undefined;
  const cpuDelta = (now.cpu_usage?.total_usage ?? 0) - (before.cpu_usage?.total_usage ?? 0);
  const systemDelta = now.system_cpu_usage - before.system_cpu_usage;
  const cpus = now.online_cpus || now.cpu_usage?.percpu_usage?.length || 0;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
}

/** Memory in use without the page cache the kernel can drop, as `docker stats` shows it. */
export function memoryUsed(stats: DockerStats): number | undefined {
  const memory = stats.memory_stats;
  if (memory?.usage == null) return undefined;
  const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file;
  return inactive !== undefined && inactive < memory.usage ? memory.usage - inactive : memory.usage;
}

/** A container whose stats are followed, with the member name the samples carry. */
export interface StatsTarget {
  id: string;
  member: string;
}

/**
 * Follows the stats of `targets()` until aborted. The targets are asked again every
 * `refreshMs` (a service scaled up has new containers); a stream that ends (its container
 * stopped) is dropped and opened again when the container is back among the targets.
 */
export async function followStats(client: DockerClient, targets: () => Promise<StatsTarget[]>, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal, refreshMs = 10_000): Promise<void> {
  const open = new Map<string, AbortController>();
  const follow = async (target: StatsTarget, stop: AbortSignal): Promise<void> => {
    try {
      const stream = await client.stream({ path: `/containers/${encodeURIComponent(target.id)}/stats`, query: { stream: 1 }, signal: stop });
      await readLines(stream, (line) => {
        const parsed = statsSchema.safeParse(parseJsonLine(line));
        if (!parsed.success) return;
        const cpu = cpuPercent(parsed.data);
        const memory = memoryUsed(parsed.data);
        if (cpu === undefined || memory === undefined) return;
        const at = parseEngineTime(parsed.data.read ?? '')?.ms ?? Date.now();
        onSample({ member: target.member, at, cpuPercent: cpu, memoryBytes: memory, memoryLimitBytes: parsed.data.memory_stats?.limit ?? undefined });
      });
    } catch {
      // A container that stopped or went away: its stream is opened again if it comes back.
    } finally {
      open.delete(target.id);
    }
  };
  let first = true;
  while (!signal.aborted) {
    try {
      const wanted = await targets();
      if (first && wanted.length === 0) return;
      first = false;
      const ids = new Set(wanted.map((t) => t.id));
      for (const [id, controller] of open) if (!ids.has(id)) controller.abort();
      for (const target of wanted) {
        if (open.has(target.id)) continue;
        const controller = new AbortController();
        open.set(target.id, controller);
        void follow(target, AbortSignal.any([signal, controller.signal]));
      }
    } catch (error) {
      if (first) throw error;
    }
    await delay(refreshMs, signal);
  }
  for (const controller of open.values()) controller.abort();
}

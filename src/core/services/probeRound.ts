// One probe round over all services, without the scheduler: `devops-loop status` and CI.
import type { ServiceConfig } from '../config/schema';
import type { HealthProbe, ProbeResult } from './healthTypes';

/** One service after the round. */
export interface RoundEntry {
  /** Service name. */
  name: string;
  /** What was probed; undefined when the service has no probe. */
  target?: string;
  /** The result; undefined when the service has no probe. */
  result?: ProbeResult;
}

export interface ProbeRoundOptions {
  /** Builds the probe of a service; undefined for none. */
  createProbe(name: string, service: ServiceConfig): HealthProbe | undefined;
  /** Probes at once; default 16. */
  concurrency?: number;
  /** Cancels the whole round. */
  signal?: AbortSignal;
}

/** Probes every service once, `concurrency` at a time; results in declaration order. */
export async function probeRound(services: Record<string, ServiceConfig>, options: ProbeRoundOptions): Promise<RoundEntry[]> {
  const signal = options.signal ?? new AbortController().signal;
  const entries: RoundEntry[] = [];
  const work: { entry: RoundEntry; probe: HealthProbe }[] = [];
  for (const [name, config] of Object.entries(services)) {
    const probe = options.createProbe(name, config);
    const entry: RoundEntry = probe ? { name, target: probe.target } : { name };
    entries.push(entry);
    if (probe) work.push({ entry, probe });
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const item = work[next++];
      item.entry.result = await item.probe.check(signal);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 16, work.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return entries;
}

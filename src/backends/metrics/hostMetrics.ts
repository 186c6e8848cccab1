// CPU, memory and disk use of the machine the extension runs on, through Node's own APIs:
// no process started, nothing installed.
import { statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem, type CpuInfo } from 'node:os';

/** Used and total bytes with the used share. */
export interface UsageSample {
  /** Bytes in use. */
  usedBytes: number;
  /** Bytes in all. */
  totalBytes: number;
  /** usedBytes / totalBytes × 100. */
  percent: number;
}

/** One reading of the host. */
export interface HostSample {
  /** Epoch milliseconds of the reading. */
  time: number;
  /** Busy share of all cores since the previous reading; null on the first one. */
  cpuPercent: number | null;
  /** Memory in use (total minus what the OS reports available). */
  memory: UsageSample;
  /** Use of the file system holding `diskPath`, as `df` counts it. */
  disk: UsageSample;
}

interface CpuTotals {
  idle: number;
  total: number;
}

export class HostMetricsSampler {
  private previous: CpuTotals | undefined;

  /** @param diskPath a path on the file system to measure (e.g. the workspace folder). */
  constructor(private readonly diskPath: string, private readonly now: () => number = Date.now) {}

  async sample(): Promise<HostSample> {
    const current = cpuTotals(cpus());
    const cpuPercent = this.previous ? busyPercent(this.previous, current) : null;
    this.previous = current;
    return { time: this.now(), cpuPercent, memory: memoryUsage(), disk: await diskUsage(this.diskPath) };
  }
}

export function cpuTotals(infos: readonly CpuInfo[]): CpuTotals {
  let idle = 0;
  let total = 0;
  for (const { times } of infos) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Busy share between two readings; null when no time passed between them. */
export function busyPercent(before: CpuTotals, after: CpuTotals): number | null {
  const total = after.total - before.total;
  if (total <= 0) return null;
  const busy = total - (after.idle - before.idle);
  return Math.min(100, Math.max(0, (busy / total) * 100));
}

export function memoryUsage(): UsageSample {
  const totalBytes = totalmem();
  const usedBytes = totalBytes - freemem();
  return { usedBytes, totalBytes, percent: (usedBytes / totalBytes) * 100 };
}

export async function diskUsage(path: string): Promise<UsageSample> {
  const fs = await statfs(path);
  const totalBytes = fs.blocks * fs.bsize;
  const usedBytes = (fs.blocks - fs.bfree) * fs.bsize;
  const availableBytes = fs.bavail * fs.bsize;
  // Like df: the share of what ordinary users can have, so 100% means "full" for them.
  const usable = usedBytes + availableBytes;
  return { usedBytes, totalBytes, percent: usable > 0 ? (usedBytes / usable) * 100 : 0 };
}

// TCP health probe: a connection that opens means the service listens.
import * as net from 'node:net';
import type { NetworkGate } from '../../core/ports';
import type { HealthProbe, ProbeResult } from '../../core/services/healthTypes';
import { abortOutcome, gateRefusal, judgeLatency, networkFailure, result, withTimeout } from './probeOutcome';

export interface TcpProbeOptions {
  /** "host:port", "[::1]:5432". */
  address: string;
  /** Latency above which the connect counts as degraded. */
  degradedMs?: number;
  /** Connect timeout. */
  timeoutMs: number;
  /** Host name resolver; dns.lookup by default. */
  lookup?: net.LookupFunction;
  /** Clock; Date.now by default. */
  now?: () => number;
  /** Asked before every connect: refuses in Restricted Mode, counts connections. */
  network: NetworkGate;
}

/** Splits "host:port" / "[v6]:port"; undefined when it is not one. */
export function parseHostPort(address: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(address.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? match[2]), port };
}

export function createTcpProbe(options: TcpProbeOptions): HealthProbe {
  const now = options.now ?? Date.now;
  const target = `tcp ${options.address}`;
  const parsed = parseHostPort(options.address);
  const gateTarget = URL.canParse(`tcp://${options.address.trim()}`) ? new URL(`tcp://${options.address.trim()}`) : undefined;
  if (!parsed || !gateTarget) {
    const detail = `Not a host:port address: "${options.address}"`;
    return { target, check: () => Promise.resolve(result('unknown', 'invalid-target', detail, now())) };
  }
  return {
    target,
    async check(signal: AbortSignal): Promise<ProbeResult> {
      const refused = gateRefusal(options.network, gateTarget, now);
      if (refused) return refused;
      const started = performance.now();
      const merged = withTimeout(signal, options.timeoutMs);
      try {
        await connect(parsed.host, parsed.port, merged, options.lookup);
        const latencyMs = Math.round(performance.now() - started);
        return judgeLatency(`Connected in ${latencyMs} ms`, latencyMs, options.degradedMs, now());
      } catch (error) {
        if (merged.aborted) return abortOutcome(signal, options.timeoutMs, now());
        return networkFailure(error, options.address, now());
      }
    },
  };
}

function connect(host: string, port: number, signal: AbortSignal, lookup: net.LookupFunction | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const socket = net.connect({ host, port, lookup });
    const onAbort = (): void => {
      socket.destroy();
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

// Picks the probe a service's `health:` block asks for.
import type { HealthConfig } from '../../core/config/schema';
import type { CommandApprover, NetworkGate, ProcessRunner } from '../../core/ports';
import type { HealthProbe } from '../../core/services/healthTypes';
import { parseDuration } from '../../core/duration';
import { createCommandProbe } from './commandProbe';
import { createHttpProbe } from './httpProbe';
import { createTcpProbe } from './tcpProbe';
import type { LookupFunction } from 'node:net';

export interface ProbeEnvironment {
  /** The service probed; names a command probe in its approval. */
  service: string;
  /** Runs command probes; without it a command probe reports `unknown`. */
  runner?: ProcessRunner;
  /** Asks approval of a command probe before it runs; absent in the CLI (the user started it). */
  approver?: CommandApprover;
  /** Working directory of command probes (the folder of devops.yaml). */
  cwd: string;
  /** Host name resolver for HTTP/TCP probes; dns.lookup by default. */
  lookup?: LookupFunction;
  /** Asked before every HTTP/TCP probe connects. */
  network: NetworkGate;
}

/** A probe for the health block, or undefined when it names no target. */
export function createProbe(health: HealthConfig, env: ProbeEnvironment): HealthProbe | undefined {
  const timeoutMs = parseDuration(health.timeout) ?? 2000;
  const common = { timeoutMs, degradedMs: health.degradedMs, lookup: env.lookup, network: env.network };
  if (health.http !== undefined) {
    return createHttpProbe({ ...common, url: health.http, expectStatus: health.expectStatus, bodyMatch: health.bodyMatch });
  }
  if (health.tcp !== undefined) return createTcpProbe({ ...common, address: health.tcp });
  if (health.command !== undefined) {
    const runner = env.runner;
    if (!runner) {
      return { target: `$ ${health.command}`, check: () => Promise.resolve({ state: 'unknown', reason: 'untrusted', detail: 'No process runner here', at: Date.now() }) };
    }
    return createCommandProbe({ service: env.service, command: health.command, cwd: env.cwd, runner, approver: env.approver, timeoutMs, degradedMs: health.degradedMs });
  }
  return undefined;
}

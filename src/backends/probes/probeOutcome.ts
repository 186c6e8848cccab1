// Shared by the probes: turning Node's network errors and the latency threshold into results.
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import type { HealthState, ProbeReason, ProbeResult } from '../../core/services/healthTypes';
import { timeoutSignal } from '../../core/safeTimers';

export function result(state: HealthState, reason: ProbeReason, detail: string, at: number, latencyMs?: number): ProbeResult {
  return latencyMs === undefined ? { state, reason, detail, at } : { state, reason, detail, at, latencyMs };
}

/** up, or degraded when a correct answer came slower than the threshold. */
export function judgeLatency(detail: string, latencyMs: number, degradedMs: number | undefined, at: number): ProbeResult {
  if (degradedMs !== undefined && latencyMs > degradedMs) {
    return result('degraded', 'slow', `${detail}, slower than ${degradedMs} ms`, at, latencyMs);
  }
  return result('up', 'ok', detail, at, latencyMs);
}

/** Which of the two signals ended the check: the caller's, or our own timeout. */
export function abortOutcome(callerSignal: AbortSignal, timeoutMs: number, at: number): ProbeResult {
  return callerSignal.aborted
    ? result('unknown', 'cancelled', 'Check cancelled', at)
    : result('down', 'timeout', `No answer within ${timeoutMs} ms`, at);
}

/** A network error as a down result with a reason a person can act on. */
export function networkFailure(error: unknown, host: string, at: number): ProbeResult {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return result('down', 'refused', `Connection refused by ${host}`, at);
    case 'ECONNRESET':
    case 'EPIPE':
      return result('down', 'reset', `Connection reset by ${host}`, at);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return result('down', 'dns', `Host ${host} does not resolve`, at);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return result('down', 'refused', `Host ${host} is unreachable`, at);
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return result('down', 'error', `${host}: ${message}`, at);
    }
  }
}

/** Asks the network gate for `target`; a refusal (Restricted Mode) is the result, undefined means go ahead. */
export function gateRefusal(network: NetworkGate, target: URL, at: () => number): ProbeResult | undefined {
  try {
    network.open(target);
    return undefined;
  } catch (error) {
    if (!DevopsError.is(error)) throw error;
    return result('unknown', error.reason === 'untrusted' ? 'untrusted' : 'error', error.message, at());
  }
}

/** Our timeout merged with the caller's signal. */
export function withTimeout(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, timeoutSignal(timeoutMs)]);
}

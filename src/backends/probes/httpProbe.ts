// HTTP health probe: GET, expected status, optional body match (in a worker, see
// bodyMatcher.ts), latency threshold.
// Redirects are followed only on the same host: a probe must not wander to another
// server (and a login page elsewhere would hide an outage).
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { NetworkGate } from '../../core/ports';
import type { HealthProbe, ProbeResult } from '../../core/services/healthTypes';
import { sharedBodyMatcher, type BodyMatcher } from './bodyMatcher';
import { abortOutcome, gateRefusal, judgeLatency, networkFailure, result, withTimeout } from './probeOutcome';

export interface HttpProbeOptions {
  /** URL probed with GET (http or https). */
  url: string;
  /** Status that means healthy; default 200. */
  expectStatus?: number;
  /** Regular expression the body must match. */
  bodyMatch?: string;
  /** Latency above which a correct answer is degraded. */
  degradedMs?: number;
  /** Whole check, redirects and body included. */
  timeoutMs: number;
  /** Same-host redirects followed; default 5. */
  maxRedirects?: number;
  /** Host name resolver; dns.lookup by default. */
  lookup?: LookupFunction;
  /** Clock; Date.now by default. */
  now?: () => number;
  /** Runs bodyMatch off the event loop; default the process's shared one. */
  matcher?: BodyMatcher;
  /** Asked before every request (redirects included): refuses in Restricted Mode, counts connections. */
  network: NetworkGate;
}

interface Answer {
  status: number;
  location?: string;
  body: string;
}

const maxBodyBytes = 64 * 1024;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function createHttpProbe(options: HttpProbeOptions): HealthProbe {
  const now = options.now ?? Date.now;
  const target = `GET ${options.url}`;
  let url: URL;
  let bodyPattern: RegExp | undefined;
  try {
    url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)');
  } catch {
    return invalidProbe(target, `Not an http(s) URL: "${options.url}"`, now);
  }
  try {
    bodyPattern = options.bodyMatch === undefined ? undefined : new RegExp(options.bodyMatch);
  } catch {
    return invalidProbe(target, `bodyMatch is not a regular expression: "${options.bodyMatch}"`, now);
  }
  const expectStatus = options.expectStatus ?? 200;
  const start = url;
  return {
    target,
    async check(signal: AbortSignal): Promise<ProbeResult> {
      const started = performance.now();
      const merged = withTimeout(signal, options.timeoutMs);
      let current = start;
      try {
        for (let hop = 0; ; hop++) {
          const refused = gateRefusal(options.network, current, now);
          if (refused) return refused;
          const answer = await get(current, merged, bodyPattern !== undefined, options.lookup);
          const latencyMs = Math.round(performance.now() - started);
          if (redirectStatuses.has(answer.status) && answer.location && answer.status !== expectStatus) {
            const next = new URL(answer.location, current);
            if (next.host !== current.host || next.protocol !== current.protocol) {
              return result('down', 'redirect-other-host', `HTTP ${answer.status} redirects to ${next.host}; not followed`, now(), latencyMs);
            }
            if (hop >= (options.maxRedirects ?? 5)) return result('down', 'unexpected-status', `Too many redirects`, now(), latencyMs);
            current = next;
            continue;
          }
          if (answer.status !== expectStatus) {
            return result('down', 'unexpected-status', `HTTP ${answer.status} (expected ${expectStatus})`, now(), latencyMs);
          }
          if (bodyPattern) {
            const left = options.timeoutMs - (performance.now() - started);
            const matched = await (options.matcher ?? sharedBodyMatcher()).match(bodyPattern.source, answer.body, left);
            if (matched === 'timeout') {
              return result('down', 'timeout', `HTTP ${answer.status}, but bodyMatch /${bodyPattern.source}/ did not finish within ${options.timeoutMs} ms; the pattern backtracks too much`, now(), latencyMs);
            }
            if (matched === 'no-match') return result('down', 'body-mismatch', `HTTP ${answer.status} but the body does not match /${bodyPattern.source}/`, now(), latencyMs);
          }
          return judgeLatency(`HTTP ${answer.status} in ${latencyMs} ms`, latencyMs, options.degradedMs, now());
        }
      } catch (error) {
        if (merged.aborted) return abortOutcome(signal, options.timeoutMs, now());
        return networkFailure(error, current.host, now());
      }
    },
  };
}

function invalidProbe(target: string, detail: string, now: () => number): HealthProbe {
  return { target, check: () => Promise.resolve(result('unknown', 'invalid-target', detail, now())) };
}

function get(url: URL, signal: AbortSignal, readBody: boolean, lookup: LookupFunction | undefined): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(url, { signal, lookup, headers: { 'user-agent': 'devops-loop-probe', accept: '*/*' } }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (!readBody) {
        response.resume();
        response.on('end', () => resolve({ status, location, body: '' }));
        response.on('error', reject);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        // Enough of the body to match; a huge page must not fill memory.
        if (size < maxBodyBytes) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve({ status, location, body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    // Belt and braces: a response stalled mid-body must still end the check on abort.
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

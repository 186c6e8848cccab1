// A compose healthcheck runs inside the container; the host can only probe what is
// published. A check that fetches a local URL (curl or wget, with or without a scheme)
// becomes an HTTP probe of the published port; any other becomes a TCP probe of it.
import type { HealthConfig } from '../../core/config/schema';
import type { PortMapping } from './composePorts';
import { isRecord } from './importTypes';

// `curl -f http://localhost:3000/health`, `wget -qO- 127.0.0.1:8080/ping`, `curl localhost`.
const localFetch = /\b(?:curl|wget)\b[^|;&]*?(?<![\w.-])(?:(https?):\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s"'|;&]*)?(?![\w.-])/;

/** The published TCP ports of a service. */
export function publishedTcp(mappings: readonly PortMapping[]): PortMapping[] {
  return mappings.filter((m) => m.host !== undefined && m.protocol === 'tcp');
}

/** The probe for a compose healthcheck, or undefined when the host has nothing to probe. */
export function importHealthcheck(healthcheck: unknown, mappings: readonly PortMapping[], substitute: (text: string) => string): HealthConfig | undefined {
  if (!isRecord(healthcheck) || healthcheck.disable === true) return undefined;
  const raw = Array.isArray(healthcheck.test) ? healthcheck.test.map(String).join(' ') : typeof healthcheck.test === 'string' ? healthcheck.test : '';
  if (/^NONE\b/.test(raw)) return undefined;
  const published = publishedTcp(mappings);
  if (published.length === 0) return undefined;
  const timing = {
    expectStatus: 200,
    interval: probeDuration(substituted(healthcheck.interval, substitute), 1000) ?? '10s',
    timeout: probeDuration(substituted(healthcheck.timeout, substitute), 1) ?? '2s',
  };
  const url = localFetch.exec(substitute(raw));
  if (url) {
    const scheme = url[1] ?? 'http';
    const containerPort = Number(url[2] ?? (scheme === 'https' ? 443 : 80));
    const mapped = published.find((m) => m.container === containerPort);
    if (mapped) return { ...timing, http: `${scheme}://localhost:${mapped.host}${url[3] ?? '/'}` };
  }
  return { ...timing, tcp: `localhost:${published[0].host}` };
}

function substituted(value: unknown, substitute: (text: string) => string): unknown {
  return typeof value === 'string' ? substitute(value) : value;
}

const durationUnits: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
/** Longer than this and a probe never runs in a working session; also what timers can hold. */
const maxProbeMs = 24 * 3_600_000;

/** Compose durations ("1m30s", "10s", "500ms") as a devops.yaml duration. */
export function composeDuration(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(h|ms|m|s|us|ns))+$/.test(value)) return undefined;
  let ms = 0;
  for (const part of value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) ms += Number(part[1]) * durationUnits[part[2]];
  ms = Math.max(1, Math.round(ms));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A compose duration kept within what a host probe should use: at least `minMs`, at most a day. */
function probeDuration(value: unknown, minMs: number): string | undefined {
  const text = composeDuration(value);
  if (text === undefined) return undefined;
  const ms = text.endsWith('ms') ? Number(text.slice(0, -2)) : Number(text.slice(0, -1)) * 1000;
  const bounded = Math.min(maxProbeMs, Math.max(minMs, ms));
  return bounded === ms ? text : bounded % 1000 === 0 ? `${bounded / 1000}s` : `${bounded}ms`;
}

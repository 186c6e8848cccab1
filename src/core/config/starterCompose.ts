import { shellWord } from '../shellWord';
import type { HealthConfig } from './schema';

// docker-compose services → devops.yaml services: published ports, depends_on in
// either form, and a health probe when the compose healthcheck is simple enough to
// translate (an HTTP check on a published port), else a TCP probe on the first port.

/** A service as written into the starter file. */
export interface StarterService {
  description?: string;
  ports?: number[];
  dependsOn?: string[];
  health?: Partial<HealthConfig>;
  logs?: { command: string }[];
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

export function servicesFromCompose(compose: unknown, composeFile: string): Record<string, StarterService> {
  const services = isDict(compose) && isDict(compose.services) ? compose.services : {};
  const result: Record<string, StarterService> = {};
  for (const [name, raw] of Object.entries(services)) {
    if (!isDict(raw) || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) continue;
    const mappings = Array.isArray(raw.ports) ? raw.ports.flatMap(portMappings) : [];
    const service: StarterService = {};
    if (typeof raw.image === 'string') service.description = `image ${raw.image}`;
    else if (raw.build !== undefined) service.description = 'built from this repository';
    const hostPorts = [...new Set(mappings.map((m) => m.host))];
    if (hostPorts.length > 0) service.ports = hostPorts;
    const dependsOn = dependencyNames(raw.depends_on).filter((d) => d !== name && d in services);
    if (dependsOn.length > 0) service.dependsOn = dependsOn;
    const health = healthFrom(raw.healthcheck, mappings);
    if (health) service.health = health;
    service.logs = [{ command: `docker compose -f ${shellWord(composeFile)} logs -f --no-log-prefix ${shellWord(name)}` }];
    result[name] = service;
  }
  return result;
}

function dependencyNames(dependsOn: unknown): string[] {
  if (Array.isArray(dependsOn)) return dependsOn.filter((d): d is string => typeof d === 'string');
  return isDict(dependsOn) ? Object.keys(dependsOn) : [];
}

interface PortMapping {
  host: number;
  container: number;
}

const maxRange = 10;

/** "8080:80", "127.0.0.1:8080:80/tcp", "8000-8002:8000-8002", "${PORT:-3000}:3000", or the long form. */
export function portMappings(entry: unknown): PortMapping[] {
  if (isDict(entry)) {
    const host = Number(entry.published);
    const container = Number(entry.target);
    return Number.isInteger(host) && host > 0 && host < 65536 && entry.protocol !== 'udp' ? [{ host, container }] : [];
  }
  if (typeof entry !== 'string') return [];
  const text = entry.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1');
  const match = /^(?:(?:\[[^\]]*\]|[^:[\]]+):)?(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(\/tcp)?$/.exec(text);
  if (!match) return [];
  const hostStart = Number(match[1]);
  const hostEnd = match[2] === undefined ? hostStart : Number(match[2]);
  const containerStart = Number(match[3]);
  const mappings: PortMapping[] = [];
  for (let port = hostStart; port <= hostEnd && port - hostStart < maxRange; port++) {
    if (port > 0 && port < 65536) mappings.push({ host: port, container: containerStart + (port - hostStart) });
  }
  return mappings;
}

function healthFrom(healthcheck: unknown, ports: readonly PortMapping[]): Partial<HealthConfig> | undefined {
  const test = isDict(healthcheck) ? healthcheck.test : undefined;
  const command = Array.isArray(test) ? test.filter((t): t is string => typeof t === 'string') : typeof test === 'string' ? [test] : [];
  const interval = isDict(healthcheck) && typeof healthcheck.interval === 'string' && /^\d+(ms|s|m|h)$/.test(healthcheck.interval) ? healthcheck.interval : undefined;
  const withInterval = (probe: Partial<HealthConfig>): Partial<HealthConfig> => (interval ? { ...probe, interval } : probe);
  if (command[0] !== 'NONE') {
    const url = /\b(?:curl|wget)\b.*?\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(\/[^\s'"|&;]*)?/.exec(command.join(' '));
    const containerPort = url ? Number(url[1] ?? 80) : undefined;
    const mapped = ports.find((p) => p.container === containerPort);
    if (url && mapped) return withInterval({ http: `http://127.0.0.1:${mapped.host}${url[2] ?? '/'}` });
  }
  return ports.length > 0 ? withInterval({ tcp: `127.0.0.1:${ports[0].host}` }) : undefined;
}

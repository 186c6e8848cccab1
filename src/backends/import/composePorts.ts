// Compose `ports:` in all its forms: 80, "3000", "8080:80", "127.0.0.1:8080:80/tcp",
// "[::1]:6001:6001", "9090-9091:8080-8081", "127.0.0.1::80", and the long syntax.
import { isRecord } from './importTypes';

/** One published (or only exposed) container port. */
export interface PortMapping {
  /** Port inside the container. */
  container: number;
  /** Port on the host; undefined when not published or chosen by the engine. */
  host?: number;
  /** Host address it binds to, when given. */
  hostIp?: string;
  /** tcp, udp or sctp. */
  protocol: string;
}

const maxRangeSize = 1000;

/** Parses one entry; a string describing why when it cannot. */
export function parseComposePort(entry: unknown): PortMapping[] | string {
  if (typeof entry === 'number') return validPort(entry) ? [{ container: entry, protocol: 'tcp' }] : `port ${entry} is out of range`;
  if (typeof entry === 'string') return parseShort(entry.trim());
  if (isRecord(entry)) return parseLong(entry);
  return `a port must be a number, a string or a mapping`;
}

function parseShort(text: string): PortMapping[] | string {
  let rest = text;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!hostIp && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (hostIp !== undefined && parts.length !== 2)) return `"${text}" is not a port mapping`;
  const container = parseRange(parts[parts.length - 1]);
  const host = parts.length === 2 && parts[0] !== '' ? parseRange(parts[0]) : undefined;
  if (!container || (parts.length === 2 && parts[0] !== '' && !host)) return `"${text}" is not a port mapping`;
  if (host && host.length !== container.length && host.length !== 1) return `"${text}": host and container ranges differ in size`;
  return container.map((c, i) => ({ container: c, host: host ? (host.length === 1 ? host[0] : host[i]) : undefined, hostIp, protocol }));
}

function parseLong(entry: Record<string, unknown>): PortMapping[] | string {
  const target = typeof entry.target === 'string' ? Number(entry.target) : entry.target;
  if (typeof target !== 'number' || !validPort(target)) return 'a long-syntax port needs a `target` port';
  const protocol = typeof entry.protocol === 'string' ? entry.protocol : 'tcp';
  const hostIp = typeof entry.host_ip === 'string' ? entry.host_ip : undefined;
  const published = typeof entry.published === 'number' ? String(entry.published) : entry.published;
  if (published === undefined || published === '') return [{ container: target, hostIp, protocol }];
  const range = typeof published === 'string' ? parseRange(published) : undefined;
  if (!range) return `published ${JSON.stringify(published)} is not a port or range`;
  // A published range for one target lets the engine pick one of them: the first is a fair guess.
  return [{ container: target, host: range[0], hostIp, protocol }];
}

function parseRange(text: string): number[] | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (!validPort(from) || !validPort(to) || to < from || to - from >= maxRangeSize) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

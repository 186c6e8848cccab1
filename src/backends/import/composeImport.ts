// docker-compose files → devops.yaml services. Reads the file only: no Docker engine.
// Published ports become the ports a developer reaches; a healthcheck that calls a URL on
// a published port becomes an HTTP probe from the host, else a TCP probe of that port.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import type { HealthConfig, ServiceConfig } from '../../core/config/schema';
import { shellWord } from '../../core/shellWord';
import { asMap, dependsAsMap, resolveExtends } from './composeExtends';
import { parseComposePort, type PortMapping } from './composePorts';
import { emptyServiceConfig, type ImportedService, type ImportNote, isRecord, type ServiceImport } from './importTypes';

export async function importComposeFile(path: string): Promise<ServiceImport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    return { services: [], notes: [{ file: path, severity: 'warning', message: `Cannot read the compose file (${code}).` }] };
  }
  return importComposeText(text, path);
}

export function importComposeText(text: string, file: string): ServiceImport {
  const notes: ImportNote[] = [];
  const note = (severity: ImportNote['severity'], message: string, service?: string): void => {
    notes.push(service === undefined ? { file, severity, message } : { file, service, severity, message });
  };
  const root = parseYaml(text, (m) => note('warning', m));
  if (root === undefined) return { services: [], notes };
  if (!isRecord(root) || !isRecord(root.services)) {
    note('warning', 'No `services:` mapping at the top of the file.');
    return { services: [], notes };
  }
  const raw: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(root.services)) {
    if (isRecord(value)) raw[name] = value;
    else if (value === null) raw[name] = {};
    else note('warning', 'The service is not a mapping; skipped.', name);
  }
  const resolved = resolveExtends(raw, (service, message) => note('warning', message, service));
  const fileName = basename(file);
  const services = Object.entries(resolved).map(([name, svc]) => importService(name, svc, fileName, file, note));
  return { services, notes };
}

function parseYaml(text: string, warn: (message: string) => void): unknown {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first.linePos ? ` (line ${first.linePos[0].line})` : '';
    warn(`Not valid YAML${where}: ${first.message.split('\n')[0]}`);
    return undefined;
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    warn(`The file cannot be read as data: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

type Note = (severity: ImportNote['severity'], message: string, service?: string) => void;

function importService(name: string, svc: Record<string, unknown>, fileName: string, file: string, note: Note): ImportedService {
  const config: ServiceConfig = emptyServiceConfig();
  const image = typeof svc.image === 'string' ? svc.image : undefined;
  const build = typeof svc.build === 'string' ? svc.build : isRecord(svc.build) && typeof svc.build.context === 'string' ? svc.build.context : undefined;
  if (image || build) config.description = image ? `image ${image}` : `built from ${build}`;
  const mappings: PortMapping[] = [];
  for (const entry of Array.isArray(svc.ports) ? (svc.ports as unknown[]) : []) {
    const parsed = parseComposePort(entry);
    if (typeof parsed === 'string') note('warning', `Port skipped: ${parsed}.`, name);
    else mappings.push(...parsed);
  }
  config.ports = [...new Set(mappings.flatMap((m) => (m.host !== undefined && m.protocol === 'tcp' ? [m.host] : [])))];
  config.dependsOn = Object.keys(dependsAsMap(svc.depends_on));
  config.env = Object.keys(asMap(svc.environment));
  if (svc.env_file !== undefined) note('info', 'Variables from `env_file` are not listed; only `environment` names are.', name);
  const health = importHealthcheck(svc.healthcheck, mappings);
  if (health) config.health = health;
  else if (isRecord(svc.healthcheck) && svc.healthcheck.disable !== true) {
    note('info', 'Its healthcheck runs inside the container and no published port lets the host probe it.', name);
  }
  // The file's name and the service's name come from the repository: quoted, they stay one word each.
  const compose = `docker compose -f ${shellWord(fileName)}`;
  config.logs = [{ command: `${compose} logs -f --no-log-prefix ${shellWord(name)}` }];
  config.actions = { restart: { run: `${compose} restart ${shellWord(name)}`, confirm: true } };
  const replicas = isRecord(svc.deploy) && typeof svc.deploy.replicas === 'number' ? svc.deploy.replicas : undefined;
  return { name, config, source: { file, kind: 'compose service' }, ...(replicas === undefined ? {} : { replicas }) };
}

const localUrl = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(\/[^\s"'|;&]*)?/;

function importHealthcheck(healthcheck: unknown, mappings: PortMapping[]): HealthConfig | undefined {
  if (!isRecord(healthcheck) || healthcheck.disable === true) return undefined;
  const test = Array.isArray(healthcheck.test) ? healthcheck.test.map(String).join(' ') : typeof healthcheck.test === 'string' ? healthcheck.test : '';
  if (/^NONE\b/.test(test)) return undefined;
  const published = mappings.filter((m) => m.host !== undefined && m.protocol === 'tcp');
  if (published.length === 0) return undefined;
  const timing = {
    expectStatus: 200,
    interval: composeDuration(healthcheck.interval) ?? '10s',
    timeout: composeDuration(healthcheck.timeout) ?? '2s',
  };
  const url = localUrl.exec(test);
  if (url) {
    const containerPort = Number(url[1] ?? 80);
    const mapped = published.find((m) => m.container === containerPort);
    if (mapped) return { ...timing, http: `http://localhost:${mapped.host}${url[2] ?? '/'}` };
  }
  return { ...timing, tcp: `localhost:${published[0].host}` };
}

const durationUnits: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

/** Compose durations ("1m30s", "10s", "500ms") as a devops.yaml duration. */
export function composeDuration(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(h|ms|m|s|us|ns))+$/.test(value)) return undefined;
  let ms = 0;
  for (const part of value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) ms += Number(part[1]) * durationUnits[part[2]];
  ms = Math.max(1, Math.round(ms));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

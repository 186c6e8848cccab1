// docker-compose files → devops.yaml services. Reads the file only: no Docker engine.
// Published ports become the ports a developer reaches; a healthcheck that calls a URL on
// a published port becomes an HTTP probe from the host, else a TCP probe of that port.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ServiceConfig } from '../../core/config/schema';
import { shellWord } from '../../core/shellWord';
import { asMap, dependsAsMap, resolveExtends } from './composeExtends';
import { importHealthcheck, publishedTcp } from './composeHealth';
import { interpolate, parseDotEnv } from './composeInterpolation';
import { parseComposePort, type PortMapping } from './composePorts';
import { emptyServiceConfig, type ImportedService, type ImportNote, isRecord, type ServiceImport } from './importTypes';
import { readYamlStream } from './yamlData';
import { lineOfPath } from './yamlLines';

export { composeDuration } from './composeHealth';

/** How to read one compose file. */
export interface ComposeImportOptions {
  /** Variables compose would substitute: the project's `.env`. */
  env?: Readonly<Record<string, string>>;
  /** How the generated commands name the file: its path from devops.yaml's folder (default: its base name). */
  commandPath?: string;
}

/** Reads a compose file and the `.env` beside it, as `docker compose` does. */
export async function importComposeFile(path: string, options: Omit<ComposeImportOptions, 'env'> = {}): Promise<ServiceImport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    return { services: [], notes: [{ file: path, severity: 'warning', message: `Cannot read the compose file (${code}).` }] };
  }
  const dotEnv = await readFile(join(dirname(path), '.env'), 'utf8').catch(() => undefined);
  return importComposeText(text, path, { ...options, env: dotEnv === undefined ? {} : parseDotEnv(dotEnv) });
}

type Note = (severity: ImportNote['severity'], message: string, at?: { service?: string; path?: (string | number)[] }) => void;
type LineOf = (path: (string | number)[]) => number | undefined;

export function importComposeText(text: string, file: string, options: ComposeImportOptions = {}): ServiceImport {
  const notes: ImportNote[] = [];
  const stream = readYamlStream(text, basename(file));
  const [first] = stream.documents;
  const lineOf: LineOf = (path) => (first ? lineOfPath(first.doc, stream.lineCounter, path) : undefined);
  const note: Note = (severity, message, at = {}) => {
    const line = at.path ? lineOf(at.path) : undefined;
    notes.push({ file, ...(line === undefined ? {} : { line }), ...(at.service === undefined ? {} : { service: at.service }), severity, message });
  };
  const refused = stream.refused ?? first?.problem;
  if (refused) {
    notes.push({ file, line: refused.line, severity: 'warning', message: `${capitalize(refused.message)}; no services imported.` });
    return { services: [], notes };
  }
  const root = first?.value;
  if (!isRecord(root) || !isRecord(root.services)) {
    note('warning', 'No `services:` mapping at the top of the file.');
    return { services: [], notes };
  }
  const raw: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(root.services)) {
    if (isRecord(value)) raw[name] = value;
    else if (value === null) raw[name] = {};
    else note('warning', 'The service is not a mapping; skipped.', { service: name, path: ['services', name] });
  }
  const resolved = resolveExtends(raw, (service, message) => note('warning', message, { service, path: ['services', service] }));
  const context: ServiceContext = { file, commandPath: options.commandPath ?? basename(file), env: options.env ?? {}, note, lineOf };
  const services = Object.entries(resolved).map(([name, svc]) => importService(name, svc, context));
  return { services, notes };
}

interface ServiceContext {
  file: string;
  commandPath: string;
  env: Readonly<Record<string, string>>;
  note: Note;
  lineOf: LineOf;
}

function importService(name: string, svc: Record<string, unknown>, context: ServiceContext): ImportedService {
  const { note, env } = context;
  const at = (...path: (string | number)[]): { service: string; path: (string | number)[] } => ({ service: name, path: ['services', name, ...path] });
  // Substitution for text read only to guess (an image name, a healthcheck URL): an unset variable reads as empty, as compose does.
  const substitute = (text: string): string => {
    const result = interpolate(text, env);
    return 'text' in result ? result.text : text;
  };
  const config: ServiceConfig = emptyServiceConfig();
  const image = typeof svc.image === 'string' ? substitute(svc.image) : undefined;
  const build = typeof svc.build === 'string' ? svc.build : isRecord(svc.build) && typeof svc.build.context === 'string' ? svc.build.context : undefined;
  if (image || build) config.description = image ? `image ${image}` : `built from ${build}`;
  const mappings: PortMapping[] = [];
  (Array.isArray(svc.ports) ? (svc.ports as unknown[]) : []).forEach((entry, i) => {
    const port = typeof entry === 'string' ? interpolate(entry, env) : { text: entry };
    if ('missing' in port) {
      note('warning', `Port "${String(entry)}" skipped: it takes a port from $${port.missing}, which has no default and no value in .env; add the port by hand.`, at('ports', i));
      return;
    }
    const parsed = parseComposePort(port.text);
    if (typeof parsed === 'string') note('warning', `Port skipped: ${parsed}.`, at('ports', i));
    else mappings.push(...parsed);
  });
  config.ports = [...new Set(publishedTcp(mappings).map((m) => m.host as number))];
  config.dependsOn = Object.keys(dependsAsMap(svc.depends_on));
  config.env = Object.keys(asMap(svc.environment));
  if (svc.env_file !== undefined) note('info', 'Variables from `env_file` are not listed; only `environment` names are.', at('env_file'));
  const health = importHealthcheck(svc.healthcheck, mappings, substitute);
  if (health) config.health = health;
  else if (isRecord(svc.healthcheck) && svc.healthcheck.disable !== true) {
    note('info', 'Its healthcheck runs inside the container and no published port lets the host probe it.', at('healthcheck'));
  }
  const compose = `docker compose -f ${shellWord(context.commandPath)}`;
  config.logs = [{ command: `${compose} logs -f --no-log-prefix ${shellWord(name)}` }];
  config.actions = { restart: { run: `${compose} restart ${shellWord(name)}`, confirm: true } };
  const replicas = isRecord(svc.deploy) && typeof svc.deploy.replicas === 'number' ? svc.deploy.replicas : undefined;
  const line = context.lineOf(['services', name]);
  return { name, config, source: { file: context.file, kind: 'compose service', ...(line === undefined ? {} : { line }) }, ...(replicas === undefined ? {} : { replicas }) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

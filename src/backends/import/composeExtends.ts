// `extends:` within one compose file: a service starts from another and overrides it.
// Mappings merge key by key, lists such as ports add up, and environment merges by name
// (the Compose specification's merge rules, simplified to what an import needs).
import { isRecord } from './importTypes';

const appendedLists = new Set(['ports', 'expose', 'dns', 'volumes', 'env_file', 'secrets', 'configs']);

/** Resolves `extends` of every service; problems come back as messages per service. */
export function resolveExtends(
  services: Record<string, Record<string, unknown>>,
  warn: (service: string, message: string) => void,
): Record<string, Record<string, unknown>> {
  const resolved = new Map<string, Record<string, unknown>>();
  const resolving = new Set<string>();

  const resolve = (name: string): Record<string, unknown> => {
    const done = resolved.get(name);
    if (done) return done;
    const own = services[name];
    const ext = own.extends;
    const { extends: _dropped, ...rest } = own;
    let result: Record<string, unknown> = rest;
    const base = typeof ext === 'string' ? { service: ext } : isRecord(ext) ? ext : undefined;
    if (ext !== undefined && !base) warn(name, '`extends` must name a service');
    if (base) {
      const baseName = base.service;
      if (typeof base.file === 'string') {
        warn(name, `extends a service in "${base.file}"; only services of the same file are followed`);
      } else if (typeof baseName !== 'string' || !(baseName in services)) {
        warn(name, `extends "${String(baseName)}", which is not a service of this file`);
      } else if (resolving.has(baseName)) {
        warn(name, `\`extends\` loops back to "${baseName}"`);
      } else {
        resolving.add(name);
        result = mergeService(resolve(baseName), rest);
        resolving.delete(name);
      }
    }
    resolved.set(name, result);
    return result;
  };

  return Object.fromEntries(Object.keys(services).map((name) => [name, resolve(name)]));
}

function mergeService(base: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(own)) {
    const before = out[key];
    if (key === 'environment' || key === 'labels') out[key] = { ...asMap(before), ...asMap(value) };
    else if (key === 'depends_on') out[key] = { ...dependsAsMap(before), ...dependsAsMap(value) };
    else if (appendedLists.has(key) && Array.isArray(before) && Array.isArray(value)) out[key] = [...(before as unknown[]), ...(value as unknown[])];
    else if (isRecord(before) && isRecord(value)) out[key] = { ...before, ...value };
    else out[key] = value;
  }
  return out;
}

/** environment / labels as a map: ["A=1", "B"] → { A: "1", B: null }. */
export function asMap(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (!Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const eq = item.indexOf('=');
    out[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? null : item.slice(eq + 1);
  }
  return out;
}

/** depends_on as a map: ["db"] → { db: {} }. */
export function dependsAsMap(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(value.filter((v): v is string => typeof v === 'string').map((v) => [v, {}]));
}

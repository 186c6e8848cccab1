// Appends imported services to devops.yaml text. The existing text is kept byte for byte: the new entries are rendered with the yaml
// Document API at the indentation the file already uses and spliced in after the last
// service, so comments, flow lists and key order of the rest stay as the user wrote them.
import { Document, isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import type { ServiceConfig } from '../config/schema';
import { compactEntry } from '../config/serviceEntry';
import { DevopsError } from '../errors';

/** One service to add under `services:`. */
export interface ServiceToAdd {
  /** The key under services. */
  name: string;
  /** Its entry; defaults are left out of the text. */
  config: ServiceConfig;
}

/** What appendServices did. */
export interface AppendResult {
  /** The new file text. */
  text: string;
  /** Names added. */
  added: string[];
  /** Names skipped because devops.yaml already has them. */
  skipped: string[];
}

export function appendServices(original: string, services: readonly ServiceToAdd[]): AppendResult {
  const doc = parseDocument(original);
  if (doc.errors.length > 0) throw new DevopsError('invalid-config', `devops.yaml is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it before importing.`);
  const node: unknown = doc.get('services', true);
  const absent = node === undefined;
  const empty = node === null || (isScalar(node) && node.value === null);
  if (!absent && !empty && !isMap(node)) throw new DevopsError('invalid-config', 'devops.yaml has a `services` key that is not a mapping.');
  const map = isMap(node) ? node : undefined;
  const taken = new Set((map?.items ?? []).map((pair) => String((pair.key as { value?: unknown } | null)?.value ?? pair.key)));
  const added: string[] = [];
  const skipped: string[] = [];
  const entries: Record<string, unknown> = {};
  for (const service of services) {
    if (taken.has(service.name) || service.name in entries) {
      skipped.push(service.name);
      continue;
    }
    entries[service.name] = compactEntry(service.config);
    added.push(service.name);
  }
  if (added.length === 0) return { text: original, added, skipped };
  const text =
    map && !map.flow && map.items.length > 0 ? spliceIntoBlock(original, map, entries) : absent ? appendSection(original, entries) : rewrite(doc, map, entries);
  return { text, added, skipped };
}

function render(entries: Record<string, unknown>, indent: number): string {
  const body = new Document(entries).toString({ indent: Math.max(2, indent), lineWidth: 0, flowCollectionPadding: false });
  const pad = ' '.repeat(indent);
  return body
    .split('\n')
    .filter((line, i, all) => i < all.length - 1 || line !== '')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function spliceIntoBlock(original: string, map: YAMLMap, entries: Record<string, unknown>): string {
  const firstKey = map.items[0].key as { range?: [number, number, number] } | null;
  const keyStart = firstKey?.range?.[0] ?? map.range?.[0] ?? 0;
  const indent = keyStart - (original.lastIndexOf('\n', keyStart - 1) + 1);
  const valueEnd = map.range?.[1] ?? original.length;
  const lineEnd = original.indexOf('\n', Math.max(0, valueEnd - 1));
  const at = lineEnd < 0 ? original.length : lineEnd + 1;
  const before = original.slice(0, at);
  const joiner = before.endsWith('\n') ? '' : '\n';
  return `${before}${joiner}${render(entries, indent)}\n${original.slice(at)}`;
}

function appendSection(original: string, entries: Record<string, unknown>): string {
  const joiner = original === '' || original.endsWith('\n') ? '' : '\n';
  return `${original}${joiner}services:\n${render(entries, 2)}\n`;
}

// An empty (`services:`) or flow-style services map: the Document rewrites that node; the
// rest of the file keeps its nodes, comments included.
function rewrite(doc: Document, map: YAMLMap | undefined, entries: Record<string, unknown>): string {
  if (!map) {
    doc.set('services', doc.createNode(entries));
  } else {
    for (const [name, value] of Object.entries(entries)) map.set(name, doc.createNode(value));
    map.flow = false;
  }
  return doc.toString({ lineWidth: 0 });
}

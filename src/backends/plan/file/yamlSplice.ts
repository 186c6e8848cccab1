import { isMap, isScalar, parse, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';

// Text-level edits of a parsed YAML document: each returns the new text with only the
// touched characters changed, so comments, blank lines, quoting and key order stay as
// the user wrote them. Each returns undefined when the layout is one it does not
// handle (block scalars, empty flow collections…); the caller then falls back to the
// yaml Document API, which also keeps comments but may reformat more.

type Value = string | number | string[];

/** Line ending the file already uses, for inserted lines. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A YAML scalar for `value`, in the quoting style the old one had when possible. */
export function renderScalar(value: string | number, style?: Scalar.Type): string {
  if (typeof value === 'number') return String(value);
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (style !== Scalar.QUOTE_DOUBLE && isPlainSafe(value)) return value;
  return JSON.stringify(value);
}

/** A value that reads back as the same string when written bare, in block and flow context alike. */
function isPlainSafe(value: string): boolean {
  if (!/^[A-Za-z0-9_(][A-Za-z0-9 _./@()'"!?-]*$/.test(value) || value.endsWith(' ')) return false;
  if (/\s#|: |:$/.test(value)) return false;
  return parse(value) === value;
}

export function renderValue(value: Value): string {
  return Array.isArray(value) ? `[${value.map((v) => renderScalar(v)).join(', ')}]` : renderScalar(value);
}

/** Replaces the value of an existing pair whose value is a one-line scalar (or empty). */
export function replacePairValue(text: string, pair: Pair, value: Value): string | undefined {
  const node = pair.value;
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) return undefined;
  if (text.slice(start, end).includes('\n')) return undefined;
  if (start === end) {
    // `assignee:` with no value: the empty scalar sits right after the colon.
    const gap = /\s/.test(text.charAt(start - 1)) ? '' : ' ';
    return text.slice(0, start) + gap + renderValue(value) + text.slice(end);
  }
  const style = Array.isArray(value) ? undefined : (node.type as Scalar.Type | undefined);
  const rendered = Array.isArray(value) ? renderValue(value) : renderScalar(value, style);
  return text.slice(0, start) + rendered + text.slice(end);
}

/** Adds `key: value` as the last pair of a map, on its own line (block) or before `}` (flow). */
export function appendPair(text: string, map: YAMLMap, key: string, value: Value): string | undefined {
  if (!map.range || map.items.length === 0) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range[1] - 1);
    if (close < map.range[0]) return undefined;
    return text.slice(0, close) + `, ${key}: ${renderValue(value)}` + text.slice(close);
  }
  const firstKey = map.items[0].key as Node | null;
  const last = map.items[map.items.length - 1];
  const lastEnd = endOfPair(last);
  if (!firstKey?.range || lastEnd === undefined) return undefined;
  const indent = firstKey.range[0] - lineStart(text, firstKey.range[0]);
  const at = afterLine(text, lastEnd);
  const eol = lineEnding(text);
  const lead = at === text.length && !text.endsWith('\n') ? eol : '';
  return text.slice(0, at) + lead + ' '.repeat(indent) + `${key}: ${renderValue(value)}` + eol + text.slice(at);
}

/** Removes a pair of a block map with its line(s); a pair sharing its line with others is left to the fallback. */
export function removePair(text: string, pair: Pair): string | undefined {
  const key = pair.key as Node | null;
  const end = endOfPair(pair);
  if (!key?.range || end === undefined) return undefined;
  const start = lineStart(text, key.range[0]);
  if (text.slice(start, key.range[0]).trim() !== '') return undefined;
  return text.slice(0, start) + text.slice(afterLine(text, end));
}

/** Appends an item to a block sequence of maps, copying the "  - " lead of the items already there. */
export function appendMapItem(text: string, seq: YAMLSeq, entries: [string, Value][]): string | undefined {
  if (seq.flow || seq.items.length === 0) return undefined;
  const last = seq.items[seq.items.length - 1];
  const first = seq.items[0];
  if (!isMap(first) || !isMap(last) || first.flow || !first.range || !last.range) return undefined;
  const lead = text.slice(lineStart(text, first.range[0]), first.range[0]);
  if (!/^\s*-\s+$/.test(lead)) return undefined;
  const eol = lineEnding(text);
  const lines = entries.map(([key, value], i) => (i === 0 ? lead : ' '.repeat(lead.length)) + `${key}: ${renderValue(value)}`);
  const at = afterLine(text, last.range[1]);
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return text.slice(0, at) + prefix + lines.join(eol) + eol + text.slice(at);
}

function endOfPair(pair: Pair): number | undefined {
  const value = pair.value as Node | null;
  if (value?.range) return value.range[1];
  const key = pair.key as Node | null;
  return key?.range ? key.range[1] : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line holding `offset - 1` (a value's end); block values already end with their newline. */
function afterLine(text: string, end: number): number {
  if (end > 0 && text.charAt(end - 1) === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

// A quick reader for YAML as people write configuration files: block mappings and
// sequences, one-line scalars (plain, or quoted without escapes), one-line flow lists of
// scalars and comments. It builds the same plain data as the YAML parser with its core
// schema in a fraction of the time (no syntax tree, no node positions). Anything else —
// anchors, aliases, tags, block or multi-line scalars, flow maps, complex or repeated keys,
// tabs, CR, documents markers, numbers it does not spell the parser's way — makes it
// return undefined, and the caller parses the text with the YAML parser.

interface Line {
  indent: number;
  /** The line after its indent, without a trailing comment's line break. */
  text: string;
}

/** Thrown inside the reader for "not in the shape read here"; never leaves this module. */
class NotQuick extends Error {}

const indicators = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
const intPattern = /^[-+]?[0-9]+$/;
const floatPattern = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
// Core schema spellings read here as other than a string or a decimal number: left to the parser.
const otherNumbers = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const nulls = new Set(['~', 'null', 'Null', 'NULL']);
const booleans = new Map([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);

/** The data of a text whose top level is a block mapping in the shape above; else undefined. */
export function quickYamlMapping(text: string): Record<string, unknown> | undefined {
  if (/[\t\r]/.test(text)) return undefined;
  const lines = significantLines(text);
  if (lines === undefined || lines.length === 0 || lines[0].indent !== 0 || isDash(lines[0].text)) return undefined;
  try {
    const reader = new Reader(lines);
    const value = reader.mapping(0);
    return reader.done ? value : undefined;
  } catch (error) {
    if (error instanceof NotQuick) return undefined;
    throw error;
  }
}

function significantLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = raw.length - trimmed.length;
    if (indent === 0 && (trimmed.startsWith('---') || trimmed.startsWith('...') || trimmed.startsWith('%'))) return undefined;
    lines.push({ indent, text: trimmed.trimEnd() });
  }
  return lines;
}

const isDash = (text: string): boolean => text === '-' || text.startsWith('- ');

class Reader {
  private at = 0;

  constructor(private readonly lines: Line[]) {}

  get done(): boolean {
    return this.at === this.lines.length;
  }

  /** Keys at `indent` until a line indented less. */
  mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      if (line.indent < indent) break;
      if (line.indent > indent || isDash(line.text)) throw new NotQuick();
      const pair = splitPair(line.text);
      if (!pair || Object.prototype.hasOwnProperty.call(map, pair.key)) throw new NotQuick();
      this.at++;
      map[pair.key] = pair.rest === '' ? this.nested(indent) : this.scalarLine(pair.rest, indent);
    }
    return map;
  }

  /** Items at `indent`, each `- value` or `- key: value` with its further keys below. */
  sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at];
      if (line.indent < indent) break;
      // A key at the list's own indent ends a list written under its key without indenting.
      if (line.indent === indent && !isDash(line.text)) break;
      if (line.indent > indent) throw new NotQuick();
      const after = line.text.slice(1).trimStart();
      if (after === '' || isDash(after)) throw new NotQuick();
      const pair = after.startsWith('"') || after.startsWith("'") || after.startsWith('[') ? undefined : splitPair(after);
      if (pair) {
        // The item's first key sits after the dash; its other keys line up under it.
        this.lines[this.at] = { indent: indent + line.text.length - after.length, text: after };
        list.push(this.mapping(this.lines[this.at].indent));
      } else {
        this.at++;
        list.push(this.scalarLine(after, indent));
      }
    }
    return list;
  }

  /** The value of `key:` with nothing after it: a deeper block, a list at the key's indent, or null. */
  private nested(indent: number): unknown {
    const next = this.lines[this.at];
    if (next && next.indent > indent) return isDash(next.text) ? this.sequence(next.indent) : this.mapping(next.indent);
    if (next && next.indent === indent && isDash(next.text)) return this.sequence(indent);
    return null;
  }

  /** A value on its key's line; a deeper line after it would continue a multi-line scalar. */
  private scalarLine(rest: string, indent: number): unknown {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw new NotQuick();
    return inlineValue(rest);
  }
}

/** `key: rest` or `key:` (rest empty, comment removed); undefined when the line is no plain key. */
function splitPair(text: string): { key: string; rest: string } | undefined {
  let colon = text.indexOf(':');
  while (colon >= 0 && colon + 1 < text.length && text.charAt(colon + 1) !== ' ') colon = text.indexOf(':', colon + 1);
  if (colon <= 0) return undefined;
  const key = text.slice(0, colon).trimEnd();
  if (key === '' || key === '<<' || key === '__proto__' || typeof plainScalar(key, false) !== 'string') return undefined;
  const rest = text.slice(colon + 1).trimStart();
  return { key, rest: rest.startsWith('#') ? '' : rest };
}

function inlineValue(rest: string): unknown {
  const first = rest.charAt(0);
  if (first === '"' || first === "'") {
    const close = rest.indexOf(first, 1);
    if (close < 0 || !isCommentOrEmpty(rest.slice(close + 1))) throw new NotQuick();
    const inner = rest.slice(1, close);
    // Escapes and '' are left to the parser.
    if (inner.includes('\\') || rest.charAt(close + 1) === first) throw new NotQuick();
    return inner;
  }
  const text = withoutComment(rest);
  if (first === '[') {
    if (!text.endsWith(']')) throw new NotQuick();
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((word) => plainScalar(word.trim(), true));
  }
  return plainScalar(text, false);
}

function isCommentOrEmpty(rest: string): boolean {
  return rest.trim() === '' || /^\s+#/.test(rest);
}

function withoutComment(rest: string): string {
  const hash = rest.includes('#') ? rest.search(/\s#/) : -1;
  return (hash < 0 ? rest : rest.slice(0, hash)).trimEnd();
}

/** A plain scalar's data by the core schema; throws NotQuick for what is left to the parser. */
function plainScalar(text: string, inFlow: boolean): string | number | boolean | null {
  if (text === '') throw new NotQuick();
  const first = text.charAt(0);
  const dashWord = first === '-' && text.length > 1 && text.charAt(1) !== ' ';
  if ((indicators.has(first) && !dashWord) || text.endsWith(':') || text.includes(': ') || text.includes(' #')) throw new NotQuick();
  if (inFlow && /[[\]{},]/.test(text)) throw new NotQuick();
  if (nulls.has(text)) return null;
  const bool = booleans.get(text);
  if (bool !== undefined) return bool;
  if (intPattern.test(text) || floatPattern.test(text)) return Number(text);
  if (otherNumbers.test(text)) throw new NotQuick();
  return text;
}

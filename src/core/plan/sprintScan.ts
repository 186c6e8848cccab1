// A quick reader for the sprint file as people and DevOps Loop write it: `sprint:` with
// one-line values, `items:` as a block list of `key: value` pairs whose values are one-line
// scalars, lists of words (flow or block) or literal `|` text. It reads a 5,000-item file in a few milliseconds where the full
// YAML parser takes hundreds. Anything outside that shape (anchors, block or multi-line
// scalars, flow maps, tabs, CR, null or boolean values, duplicate keys…) makes it return
// undefined, and the caller parses with the YAML parser, which also places problems.

/** Where one `key: value` line of an item sits in the text (UTF-16 offsets). */
export interface ScannedField {
  lineStart: number;
  valueStart: number;
  /** End of the value, before spaces and a comment. */
  valueEnd: number;
  /** Just past the line's newline (or the end of the text). */
  lineEnd: number;
  quote: "'" | '"' | undefined;
  /** A block list or literal text over several lines: never edited in place. */
  block: boolean;
}

/** One item of `items:`: its fields by key, and the indent of its keys. */
export interface ScannedItem {
  fields: Map<string, ScannedField>;
  indent: number;
}

/** An item's lines: from its `- ` line to the end of its last field (UTF-16 offsets). */
export interface ItemSpan {
  start: number;
  end: number;
}

export interface SprintScan {
  /** The plain data the YAML parser would build from this text. */
  value: Record<string, unknown>;
  /** Where each item's fields are; empty unless asked for. */
  items: ScannedItem[];
  /** Where each item's lines are, in the order of `items:`: enough for an edit to re-read only its item. */
  spans: ItemSpan[];
}

type Scalar = string | number;

const intPattern = /^[-+]?[0-9]+$/;
// What YAML 1.2's core schema reads as other than a string or an integer: left to the parser.
const otherTypes = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const indicators = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
// A key matched out of the text is a new string each time; storing data under the
// schema's own key strings instead saves a third of the scan.
const knownKeys = new Map(['id', 'title', 'status', 'assignee', 'points', 'labels', 'description', 'url', 'name', 'start', 'end', 'goal'].map((key) => [key, key]));

/**
 * The sprint file's data, and with `positions` where each item's fields are (for an edit),
 * or undefined when the text is not in the shape read here.
 */
export function scanSprintText(text: string, positions = false): SprintScan | undefined {
  if (/[\r\t]/.test(text)) return undefined;
  const value: Record<string, unknown> = {};
  const items: ScannedItem[] = [];
  const spans: ItemSpan[] = [];
  let span: ItemSpan = { start: 0, end: 0 };
  let section: 'sprint' | 'items' | undefined;
  let sprint: Record<string, unknown> = {};
  let list: Record<string, unknown>[] = [];
  let childIndent = -1;
  let item: { data: Record<string, unknown>; scanned: ScannedItem } | undefined;
  let offset = 0;
  while (offset < text.length) {
    const lineStart = offset;
    let first = offset;
    while (text.charCodeAt(first) === 32) first++;
    const char = text.charAt(first);
    if (char === '\n' || char === '' || char === '#') {
      const newline = text.indexOf('\n', first);
      offset = newline < 0 ? text.length : newline + 1;
      continue;
    }
    const line = keyLineAt(text, first);
    if (!line) return undefined;
    const { dash, rest, lineEnd } = line;
    offset = lineEnd;
    const key = knownKeys.get(line.key) ?? line.key;
    const indent = first - lineStart;
    if (indent === 0 && !dash) {
      // A top-level key opens its block; anything else at the top is left to the parser.
      if ((key !== 'sprint' && key !== 'items') || key in value || rest !== undefined) return undefined;
      section = key;
      childIndent = -1;
      item = undefined;
      if (key === 'sprint') value.sprint = sprint = {};
      else value.items = list = [];
      continue;
    }
    if (section === undefined) return undefined;
    const keyIndent = indent + (dash ? 2 : 0);
    const valueStart = lineEnd - (text.charAt(lineEnd - 1) === '\n' ? 1 : 0) - (rest?.length ?? 0);
    const block = section === 'items' ? readBlock(text, lineEnd, keyIndent, rest) : undefined;
    const read: ReadValue | undefined = block ?? (rest === undefined ? undefined : readValue(rest));
    if (read === undefined) return undefined;
    let fieldEnd = lineEnd;
    if (block) offset = fieldEnd = block.end;
    if (section === 'sprint') {
      if (dash || (childIndent >= 0 && indent !== childIndent) || key in sprint) return undefined;
      childIndent = indent;
      sprint[key] = read.value;
      continue;
    }
    if (dash) {
      if (childIndent >= 0 && keyIndent !== childIndent) return undefined;
      childIndent = keyIndent;
      item = { data: {}, scanned: { fields: new Map(), indent: keyIndent } };
      list.push(item.data);
      span = { start: lineStart, end: fieldEnd };
      spans.push(span);
      if (positions) items.push(item.scanned);
    } else if (!item || indent !== childIndent || key in item.data) return undefined;
    item.data[key] = read.value;
    span.end = fieldEnd;
    if (positions) item.scanned.fields.set(key, { lineStart, valueStart, valueEnd: valueStart + read.length, lineEnd: fieldEnd, quote: read.quote, block: block !== undefined });
  }
  return { value, items, spans };
}

/**
 * `- key: rest` or `key: rest` from `at` (the line's first non-space), read in place: no
 * line is copied out of the text. Undefined for any other line.
 */
function keyLineAt(text: string, at: number): { dash: boolean; key: string; rest: string | undefined; lineEnd: number } | undefined {
  let p = at;
  const dash = text.charCodeAt(p) === 45 && text.charCodeAt(p + 1) === 32;
  if (dash) p += 2;
  const keyStart = p;
  if (!isKeyChar(text.charCodeAt(p), true)) return undefined;
  while (isKeyChar(text.charCodeAt(++p), false));
  if (text.charCodeAt(p) !== 58) return undefined;
  const key = text.slice(keyStart, p++);
  const newline = text.indexOf('\n', p);
  const end = newline < 0 ? text.length : newline;
  if (p < end && text.charCodeAt(p) !== 32) return undefined;
  while (text.charCodeAt(p) === 32) p++;
  // `key:` alone has no value on its line; `key:` and spaces has an empty one, as YAML reads it.
  const rest = text.charCodeAt(p - 1) === 58 ? undefined : text.slice(p, end);
  return { dash, key, rest, lineEnd: newline < 0 ? end : end + 1 };
}

/** [A-Za-z_] first, then [A-Za-z0-9_-]. */
function isKeyChar(code: number, first: boolean): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (!first && ((code >= 48 && code <= 57) || code === 45));
}

/** A value: its data, the length of its text on the key's line (without a comment) and its quote. */
interface ReadValue {
  value: Scalar | Scalar[];
  length: number;
  quote?: "'" | '"';
}

function readValue(rest: string): ReadValue | undefined {
  const first = rest.charAt(0);
  if (first === '"' || first === "'") {
    const close = rest.indexOf(first, 1);
    if (close < 0 || !isComment(rest.slice(close + 1))) return undefined;
    const inner = rest.slice(1, close);
    // Escapes and '' are left to the parser.
    if (inner.includes('\\') || (first === "'" && rest.charAt(close + 1) === "'")) return undefined;
    return { value: inner, length: close + 1, quote: first };
  }
  const text = withoutComment(rest);
  if (first === '[') {
    if (!text.endsWith(']')) return undefined;
    const inner = text.slice(1, -1).trim();
    const words = inner === '' ? [] : inner.split(',').map((word) => plainScalar(word.trim(), true));
    if (words.some((word) => word === undefined)) return undefined;
    return { value: words as Scalar[], length: text.length };
  }
  const scalar = plainScalar(text, false);
  return scalar === undefined ? undefined : { value: scalar, length: text.length };
}

/**
 * A value on the lines after `key:` (a block list of words) or `key: |` / `key: |-`
 * (literal text, its trailing newlines clipped to one or stripped), up to the first line
 * indented no deeper than the key; undefined when the key has neither.
 */
function readBlock(text: string, from: number, keyIndent: number, rest: string | undefined): { value: Scalar | Scalar[]; length: number; end: number } | undefined {
  const header = rest === undefined ? undefined : withoutComment(rest);
  if (header !== undefined && header !== '|' && header !== '|-') return undefined;
  const lines: { text: string; end: number }[] = [];
  for (let at = from; at < text.length; ) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(at, newline < 0 ? text.length : newline);
    const indent = line.length - line.trimStart().length;
    if (line.trim() !== '' && indent <= keyIndent) break;
    lines.push({ text: line, end });
    at = end;
  }
  if (header === undefined) return blockList(lines, keyIndent);
  while (lines.length > 0 && lines[lines.length - 1].text === '') lines.pop();
  const first = lines[0];
  // Spaces-only lines and indents deeper than the first line's are left to the parser.
  if (!first || lines.some((line) => line.text !== '' && line.text.trim() === '')) return undefined;
  const indent = first.text.length - first.text.trimStart().length;
  if (lines.some((line) => line.text !== '' && line.text.length - line.text.trimStart().length !== indent)) return undefined;
  const body = lines.map((line) => line.text.slice(indent)).join('\n');
  return { value: header === '|' ? `${body}\n` : body, length: 1, end: lines[lines.length - 1].end };
}

/** `- word` lines, all at one indent deeper than the key, comments and blank lines between. */
function blockList(lines: { text: string; end: number }[], keyIndent: number): { value: Scalar[]; length: number; end: number } | undefined {
  const words: Scalar[] = [];
  let end: number | undefined;
  let dashIndent: number | undefined;
  for (const line of lines) {
    const trimmed = line.text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.text.length - trimmed.length;
    if (!trimmed.startsWith('- ') || indent <= keyIndent || (dashIndent !== undefined && indent !== dashIndent)) return undefined;
    dashIndent = indent;
    const read = readValue(trimmed.slice(2).trimStart());
    if (read === undefined || Array.isArray(read.value)) return undefined;
    words.push(read.value);
    end = line.end;
  }
  return end === undefined ? undefined : { value: words, length: 0, end };
}

function isComment(rest: string): boolean {
  return rest.trim() === '' || /^\s+#/.test(rest);
}

/** The value before a comment (` #` starts one) and trailing spaces. */
function withoutComment(rest: string): string {
  const hash = rest.includes('#') ? rest.search(/\s#/) : -1;
  return (hash < 0 ? rest : rest.slice(0, hash)).trimEnd();
}

function plainScalar(text: string, inFlow: boolean): Scalar | undefined {
  if (text === '' || indicators.has(text.charAt(0)) || text.endsWith(':') || text.includes(': ') || text.includes(' #')) return undefined;
  if (inFlow && /[[\]{},]/.test(text)) return undefined;
  // Only these first characters can start a number, null or boolean.
  if (!/[-+.0-9~nNtTfF]/.test(text.charAt(0))) return text;
  if (intPattern.test(text)) return Number(text);
  return otherTypes.test(text) ? undefined : text;
}

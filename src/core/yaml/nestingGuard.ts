// The yaml package composes nested collections recursively and slowly: a few
// thousand levels take seconds, a million overflow the stack. No hand-written file
// nests deeper than a dozen levels, so a cheap scan refuses anything deeper than
// this before the parser runs. The scan may undercount odd text; it never counts a
// level the parser would not see, so real files are never refused.

export const maxNestingDepth = 100;

interface ScanState {
  /** Indentations of the enclosing block lines. */
  indents: number[];
  /** Open flow collections ([ or {). */
  flow: number;
  /** Quote that continues from the previous line, if any. */
  quote: '"' | "'" | undefined;
  /** Lines indented more than this belong to a block scalar (| or >); -1 when none. */
  blockScalarIndent: number;
}

/** Offset where the text first nests deeper than `limit`, or undefined. */
export function findExcessiveNesting(text: string, limit = maxNestingDepth): number | undefined {
  const state: ScanState = { indents: [], flow: 0, quote: undefined, blockScalarIndent: -1 };
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const at = scanLine(text, start, end, state, limit);
    if (at !== undefined) return at;
    start = end + 1;
  }
  return undefined;
}

function scanLine(text: string, start: number, end: number, state: ScanState, limit: number): number | undefined {
  let i = start;
  while (i < end && text[i] === ' ') i++;
  const indent = i - start;
  const blank = i >= end || text[i] === '#' || text[i] === '\r';
  if (state.blockScalarIndent >= 0) {
    if (blank || indent > state.blockScalarIndent) return undefined;
    state.blockScalarIndent = -1;
  }
  if (blank && state.quote === undefined) return undefined;
  if (state.flow === 0 && state.quote === undefined) {
    while (state.indents.length > 0 && state.indents[state.indents.length - 1] >= indent) state.indents.pop();
    state.indents.push(indent);
  }
  let depth = state.indents.length + state.flow;
  if (depth > limit) return start + indent;
  let valueStart = true;
  for (; i < end; i++) {
    const c = text[i];
    if (state.quote !== undefined) {
      if (c === '\\' && state.quote === '"') i++;
      else if (c === state.quote) state.quote = undefined;
      continue;
    }
    const next = i + 1 < end ? text[i + 1] : ' ';
    const spaceNext = next === ' ' || next === '\t' || next === '\r';
    if (c === ' ' || c === '\t') continue;
    if (c === '#' && (i === start || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
    if (valueStart && (c === '"' || c === "'")) {
      state.quote = c;
      continue;
    }
    if (valueStart && (c === '[' || c === '{' || (c === '-' && spaceNext && state.flow === 0))) {
      if (c !== '-') state.flow++;
      if (++depth > limit) return i;
      continue;
    }
    if (valueStart && (c === '|' || c === '>') && state.flow === 0) {
      state.blockScalarIndent = indent;
      break;
    }
    if (valueStart && (c === '&' || c === '!')) {
      while (i + 1 < end && text[i + 1] !== ' ') i++;
      continue;
    }
    if (state.flow > 0 && (c === ']' || c === '}')) {
      state.flow--;
      depth--;
      valueStart = false;
    } else if ((c === ',' && state.flow > 0) || (c === ':' && (spaceNext || state.flow > 0))) valueStart = true;
    else valueStart = false;
  }
  return undefined;
}

// ANSI SGR escapes (colours, bold…) turned into styled spans, so a log shows its
// colours instead of raw "\x1b[31m". Other escapes (cursor moves, erase line, OSC
// titles) are dropped. Style carries across lines, as in a terminal.

/** The look of a run of text. Colours are names ("red", "brightBlue"), "ansi:N" (256-colour) or "#rrggbb". */
export interface AnsiStyle {
  /** Foreground colour. */
  fg?: string;
  /** Background colour. */
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/** A piece of a line with one style. */
export interface StyledSpan {
  /** The text, without escapes. */
  text: string;
  /** Its style; empty for plain text. */
  style: AnsiStyle;
}

const names = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const bright = names.map((name) => `bright${name[0].toUpperCase()}${name.slice(1)}`);
// CSI sequences (ESC [ params final), OSC (ESC ] … BEL or ESC \), and lone two-byte escapes.
// eslint-disable-next-line no-control-regex
const escapePattern = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?/g;

/** Splits a line into styled spans, starting from `style`; returns the spans and the style at the end. */
export function parseAnsi(line: string, style: AnsiStyle = {}): { spans: StyledSpan[]; style: AnsiStyle } {
  if (!line.includes('\x1b')) return { spans: line === '' ? [] : [{ text: line, style }], style };
  const spans: StyledSpan[] = [];
  let current = { ...style };
  let last = 0;
  for (const match of line.matchAll(escapePattern)) {
    const index = match.index;
    if (index > last) spans.push({ text: line.slice(last, index), style: current });
    last = index + match[0].length;
    if (match[2] === 'm') current = applySgr(current, match[1]);
  }
  if (last < line.length) spans.push({ text: line.slice(last), style: current });
  return { spans: mergeSpans(spans), style: current };
}

/** The text of a line without any escape. */
export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(escapePattern, '') : line;
}

function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((part) => (part === '' ? 0 : Number(part)));
  let next: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next.bold = next.dim = undefined;
    else if (code === 23) next.italic = undefined;
    else if (code === 24) next.underline = undefined;
    else if (code >= 30 && code <= 37) next.fg = names[code - 30];
    else if (code >= 90 && code <= 97) next.fg = bright[code - 90];
    else if (code >= 40 && code <= 47) next.bg = names[code - 40];
    else if (code >= 100 && code <= 107) next.bg = bright[code - 100];
    else if (code === 39) next.fg = undefined;
    else if (code === 49) next.bg = undefined;
    else if (code === 38 || code === 48) {
      const { colour, used } = extendedColour(codes, i + 1);
      if (colour !== undefined) {
        if (code === 38) next.fg = colour;
        else next.bg = colour;
      }
      i += used;
    }
  }
  return clean(next);
}

function extendedColour(codes: number[], at: number): { colour?: string; used: number } {
  if (codes[at] === 5 && codes[at + 1] !== undefined) {
    const n = codes[at + 1];
    return { colour: n < 8 ? names[n] : n < 16 ? bright[n - 8] : `ansi:${n}`, used: 2 };
  }
  if (codes[at] === 2 && codes[at + 3] !== undefined) {
    const hex = codes.slice(at + 1, at + 4).map((c) => Math.max(0, Math.min(255, c)).toString(16).padStart(2, '0'));
    return { colour: `#${hex.join('')}`, used: 4 };
  }
  return { used: 0 };
}

function clean(style: AnsiStyle): AnsiStyle {
  return Object.fromEntries(Object.entries(style).filter(([, value]) => value !== undefined));
}

function mergeSpans(spans: StyledSpan[]): StyledSpan[] {
  const merged: StyledSpan[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous && sameStyle(previous.style, span.style)) previous.text += span.text;
    else if (span.text !== '') merged.push({ ...span });
  }
  return merged;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return a.fg === b.fg && a.bg === b.bg && !!a.bold === !!b.bold && !!a.dim === !!b.dim && !!a.italic === !!b.italic && !!a.underline === !!b.underline;
}

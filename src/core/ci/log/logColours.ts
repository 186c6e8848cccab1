import type { AnsiStyle } from './ansiSpans';
import type { LogLine } from './logDocument';

// Where a log document is coloured, grouped by look, so the editor can paint each
// group with one decoration type. The document text holds no escapes; these ranges
// say which columns of which lines the escapes had coloured. Annotation lines
// (GitHub `##[error]`) without colours of their own get the colour GitHub gives them.

/** Columns [start, end) of one document line (0-based, UTF-16 units, as the editor counts). */
export interface ColourRange {
  line: number;
  start: number;
  end: number;
}

/** Every range of one look. */
export interface ColourGroup {
  /** Stable text for the look ("fg=red bold"), the key of its decoration type. */
  key: string;
  /** The look. */
  style: AnsiStyle;
  /** Ranges in document order. */
  ranges: ColourRange[];
}

/** A colour as the editor takes it: a theme colour id or a #rrggbb value. */
export type EditorColour = { themeColor: string } | { hex: string };

/** Which document lines to colour: [fromLine, toLine) in document numbering. */
export interface ColourWindow {
  fromLine: number;
  toLine: number;
}

const levelStyle: Record<NonNullable<LogLine['level']>, AnsiStyle> = {
  error: { fg: 'red' },
  warning: { fg: 'yellow' },
  notice: { fg: 'blue' },
};

/**
 * Colour groups of `lines` shown from document line `firstLogLine` on (the notices sit
 * above), limited to `window` so a long log is coloured only around what is on screen.
 */
export function colourGroups(lines: readonly LogLine[], firstLogLine: number, window?: ColourWindow): ColourGroup[] {
  const groups = new Map<string, ColourGroup>();
  const from = Math.max(0, (window?.fromLine ?? firstLogLine) - firstLogLine);
  const to = Math.min(lines.length, (window?.toLine ?? firstLogLine + lines.length) - firstLogLine);
  for (let index = from; index < to; index++) {
    const line = lines[index];
    const documentLine = index + firstLogLine;
    if (line.spans.length === 0) {
      if (line.level && line.text !== '') add(groups, levelStyle[line.level], { line: documentLine, start: 0, end: line.text.length });
      continue;
    }
    let column = 0;
    for (const span of line.spans) {
      const end = column + span.text.length;
      if (Object.keys(span.style).length > 0) add(groups, span.style, { line: documentLine, start: column, end });
      column = end;
    }
  }
  return [...groups.values()];
}

/** The decoration key of a look: the same look always gives the same key. */
export function styleKey(style: AnsiStyle): string {
  const parts: string[] = [];
  if (style.fg !== undefined) parts.push(`fg=${style.fg}`);
  if (style.bg !== undefined) parts.push(`bg=${style.bg}`);
  for (const flag of ['bold', 'dim', 'italic', 'underline'] as const) if (style[flag]) parts.push(flag);
  return parts.join(' ');
}

/**
 * How the editor shows an ANSI colour: the 16 named ones follow the theme's terminal
 * colours (`terminal.ansiRed`, `terminal.ansiBrightBlue`…), 256-colour and true
 * colour become fixed values, as a terminal shows them.
 */
export function editorColour(colour: string): EditorColour | undefined {
  if (/^#[0-9a-f]{6}$/i.test(colour)) return { hex: colour.toLowerCase() };
  const indexed = /^ansi:(\d{1,3})$/.exec(colour);
  if (indexed) return xtermColour(Number(indexed[1]));
  if (!/^(?:bright)?(?:black|red|green|yellow|blue|magenta|cyan|white)$/i.test(colour)) return undefined;
  return { themeColor: `terminal.ansi${colour[0].toUpperCase()}${colour.slice(1)}` };
}

// The xterm 256-colour palette past the 16 named colours: a 6×6×6 cube, then 24 greys.
function xtermColour(n: number): EditorColour | undefined {
  if (n > 255) return undefined;
  if (n < 16) return undefined; // the parser already names these
  if (n >= 232) return { hex: rgb(8 + 10 * (n - 232), 8 + 10 * (n - 232), 8 + 10 * (n - 232)) };
  const levels = [0, 95, 135, 175, 215, 255];
  const cube = n - 16;
  return { hex: rgb(levels[Math.floor(cube / 36)], levels[Math.floor(cube / 6) % 6], levels[cube % 6]) };
}

function rgb(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function add(groups: Map<string, ColourGroup>, style: AnsiStyle, range: ColourRange): void {
  if (range.end <= range.start) return;
  const key = styleKey(style);
  const group = groups.get(key);
  if (group) group.ranges.push(range);
  else groups.set(key, { key, style, ranges: [range] });
}

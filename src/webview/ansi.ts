// Terminal colour codes (SGR) in log lines become styled text runs, parsed by the same
// core parser the CI log documents use; every other escape sequence is dropped there,
// and stray control characters here, so nothing a line carries can move a cursor.
import { parseAnsi, type AnsiStyle } from '../core/ci/log/ansiSpans';

/** A run of text with the colours the escape codes before it chose. */
export interface AnsiRun {
  /** Plain text, to be set with textContent. */
  text: string;
  /** Class names for the run: `ansi-fg-1`, `ansi-bold`…; empty for plain text. */
  classes: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const baseColours = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** Splits a line into styled runs. Plain lines come back as one run without work. */
export function ansiRuns(line: string): AnsiRun[] {
  if (!line.includes('\u001b')) return [{ text: line.replace(CONTROL, ''), classes: '' }];
  const runs: AnsiRun[] = [];
  for (const span of parseAnsi(line).spans) {
    const text = span.text.replace(CONTROL, '');
    if (text) runs.push({ text, classes: classesOf(span.style) });
  }
  return runs;
}

/** The theme has classes for the 16 base colours; 256-colour and RGB runs stay plain. */
function colourIndex(colour: string | undefined): number | undefined {
  if (colour === undefined) return undefined;
  const base = baseColours.indexOf(colour);
  if (base >= 0) return base;
  const bright = colour.startsWith('bright') ? baseColours.indexOf(colour.slice('bright'.length).toLowerCase()) : -1;
  return bright >= 0 ? bright + 8 : undefined;
}

function classesOf(style: AnsiStyle): string {
  const classes: string[] = [];
  const fg = colourIndex(style.fg);
  const bg = colourIndex(style.bg);
  if (fg !== undefined) classes.push(`ansi-fg-${fg}`);
  if (bg !== undefined) classes.push(`ansi-bg-${bg}`);
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  return classes.join(' ');
}

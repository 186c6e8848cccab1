// Terminal colour codes (SGR) in log lines become styled text runs; every other escape
// sequence is dropped, so nothing a line carries can move a cursor or set a title.

/** A run of text with the colours the escape codes before it chose. */
export interface AnsiRun {
  /** Plain text, to be set with textContent. */
  text: string;
  /** Class names for the run: `ansi-fg-1`, `ansi-bold`…; empty for plain text. */
  classes: string;
}

// CSI sequences (ESC [ … final byte), OSC sequences (ESC ] … BEL or ESC \), other ESC x pairs.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[([0-9;?]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

interface Style {
  fg?: number;
  bg?: number;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/** Splits a line into styled runs. Plain lines come back as one run without work. */
export function ansiRuns(line: string): AnsiRun[] {
  if (!line.includes('\u001b')) return [{ text: line.replace(CONTROL, ''), classes: '' }];
  const runs: AnsiRun[] = [];
  let style: Style = {};
  let last = 0;
  for (const match of line.matchAll(ESCAPE)) {
    push(runs, line.slice(last, match.index), style);
    last = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  push(runs, line.slice(last), style);
  return runs;
}

function push(runs: AnsiRun[], text: string, style: Style): void {
  const clean = text.replace(CONTROL, '');
  if (clean) runs.push({ text: clean, classes: classesOf(style) });
}

function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(';').map((p) => Number(p) || 0);
  let next = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 49) next.bg = undefined;
    else if ((code === 38 || code === 48) && codes[i + 1] === 5) {
      // 256-colour: the 16 base colours map to classes; the rest are left plain.
      const index = codes[i + 2] ?? 0;
      if (index < 16) next[code === 38 ? 'fg' : 'bg'] = index;
      i += 2;
    } else if ((code === 38 || code === 48) && codes[i + 1] === 2) i += 4;
  }
  return next;
}

function classesOf(style: Style): string {
  const classes: string[] = [];
  if (style.fg !== undefined) classes.push(`ansi-fg-${style.fg}`);
  if (style.bg !== undefined) classes.push(`ansi-bg-${style.bg}`);
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  return classes.join(' ');
}

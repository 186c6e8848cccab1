// Level detection from the shapes real logs take: `ERROR …`, `level=warn`, `[error]`,
// `<warn>`, klog's `E1127 10:00:00…`, and JSON fields (names or pino/bunyan numbers).
import type { LogLevel } from './logTypes';

// Only the head of a line is searched: levels sit near the start, and a 1 MB line
// must not cost a scan of its whole length.
const HEAD = 200;

const WORDS: Record<string, LogLevel> = {
  fatal: 'error', panic: 'error', crit: 'error', critical: 'error', emerg: 'error', emergency: 'error',
  alert: 'error', severe: 'error', error: 'error', err: 'error', eror: 'error',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  info: 'info', inf: 'info', notice: 'info', information: 'info',
  debug: 'debug', dbg: 'debug', trace: 'debug', verbose: 'debug', fine: 'debug',
};
const ALTERNATION = Object.keys(WORDS).sort((a, b) => b.length - a.length).join('|');

// Structured markers may be any case; a bare word counts only in capitals, so that
// "no error found" in a message is not an error line. One regex finds whichever comes
// first; the structured part spells each letter in both cases because JavaScript has no
// case-insensitive group.
const anyCase = (word: string): string => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
const MARKER = new RegExp(
  `(?:\\b(?:${['level', 'lvl', 'severity', 'loglevel'].map(anyCase).join('|')})\\s*[=:]\\s*["']?|[[<(])(${ALTERNATION.split('|').map(anyCase).join('|')})\\b` +
    `|\\b(${ALTERNATION.toUpperCase()})\\b`,
);
const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const KLOG_LEVELS: Record<string, LogLevel> = { I: 'info', W: 'warn', E: 'error', F: 'error' };

/** Level of a plain-text line, from its first level marker. */
export function detectPlainLevel(text: string): LogLevel {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const first = head.charCodeAt(0);
  // I, W, E, F: only then can it be klog's header.
  if (first === 73 || first === 87 || first === 69 || first === 70) {
    const klog = KLOG.exec(head);
    if (klog) return KLOG_LEVELS[klog[1]];
  }
  const match = MARKER.exec(head);
  if (!match) return 'unknown';
  return WORDS[(match[1] ?? match[2]).toLowerCase()] ?? 'unknown';
}

/** Level from a JSON field value: a name ("warn", "ERROR") or a pino/bunyan number (10…60). */
export function levelFromValue(value: unknown): LogLevel {
  if (typeof value === 'string') return WORDS[value.trim().toLowerCase()] ?? detectPlainLevel(value.toUpperCase());
  if (typeof value === 'number') {
    if (value >= 50) return 'error';
    if (value >= 40) return 'warn';
    if (value >= 30) return 'info';
    return 'debug';
  }
  return 'unknown';
}

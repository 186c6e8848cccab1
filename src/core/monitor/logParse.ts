// Turns a raw line into level, time and message: JSON lines by their fields, plain
// lines by their markers and leading timestamp.
import { detectPlainLevel, levelFromValue } from './logLevel';
import { parseLeadingTime, timeFromValue } from './logTime';
import type { LogLevel } from './logTypes';

/** What a line says about itself. */
export interface ParsedLogLine {
  /** Detected level. */
  level: LogLevel;
  /** The line's own time (ms since epoch), when it has one. */
  time: number | undefined;
  /** `msg`/`message` of a JSON line, else the text itself. */
  message: string;
}

const LEVEL_FIELDS = ['level', 'severity', 'lvl', 'loglevel', 'log.level'];
const MESSAGE_FIELDS = ['msg', 'message', 'MESSAGE'];
const TIME_FIELDS = ['time', 'timestamp', 'ts', '@timestamp', 't'];

export function parseLogLine(text: string, now: number): ParsedLogLine {
  if (text.charCodeAt(0) === 123 /* { */) {
    const json = parseJsonLine(text, now);
    if (json) return json;
  }
  return { level: detectPlainLevel(text), time: parseLeadingTime(text, now), message: text };
}

function parseJsonLine(text: string, now: number): ParsedLogLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // a plain line that happens to start with "{"
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const levelValue = firstField(record, LEVEL_FIELDS);
  const message = firstField(record, MESSAGE_FIELDS);
  const timeValue = firstField(record, TIME_FIELDS);
  return {
    level: levelValue === undefined ? 'unknown' : levelFromValue(levelValue),
    time: timeValue === undefined ? undefined : timeFromValue(timeValue, now),
    message: typeof message === 'string' ? message : text,
  };
}

function firstField(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (record[name] !== undefined) return record[name];
  return undefined;
}

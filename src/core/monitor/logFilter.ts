// The panel's filters as one predicate. An invalid regular expression is the user's
// input, so it becomes a typed error with the engine's own explanation.
import { DevopsError } from '../errors';
import type { LogLevel, LogLine } from './logTypes';

/** What the user filters by; every field that is set must match. */
export interface LogFilter {
  /** Plain text, matched case-insensitively anywhere in the line. */
  text?: string;
  /** A regular expression (JavaScript syntax) tested against the line. */
  regex?: string;
  /** Case-sensitive regex when true; default false. */
  regexCaseSensitive?: boolean;
  /** Levels to show; empty or absent shows all. */
  levels?: readonly LogLevel[];
  /** Sources to show; empty or absent shows all. */
  sources?: readonly string[];
}

export type LogPredicate = (line: LogLine) => boolean;

/** Compiles a filter; throws DevopsError('invalid-config') for an invalid regex. */
export function compileLogFilter(filter: LogFilter): LogPredicate {
  const tests: LogPredicate[] = [];
  if (filter.levels && filter.levels.length > 0) {
    const levels = new Set(filter.levels);
    tests.push((line) => levels.has(line.level));
  }
  if (filter.sources && filter.sources.length > 0) {
    const sources = new Set(filter.sources);
    tests.push((line) => sources.has(line.source));
  }
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    tests.push((line) => line.text.toLowerCase().includes(needle));
  }
  if (filter.regex) {
    const regex = compileRegex(filter.regex, filter.regexCaseSensitive === true);
    tests.push((line) => regex.test(line.text));
  }
  return (line) => tests.every((test) => test(line));
}

function compileRegex(source: string, caseSensitive: boolean): RegExp {
  try {
    return new RegExp(source, caseSensitive ? 'u' : 'iu');
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new DevopsError('invalid-config', `Invalid regular expression ${JSON.stringify(source)}: ${reason}`, { cause: error });
  }
}

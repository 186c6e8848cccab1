// Checks that run before the YAML parser sees a file, so that a huge or binary file
// gets one clear reason instead of a flood of syntax errors or a long parse.

import { findExcessiveNesting, maxNestingDepth } from './nestingGuard';

/**
 * Files above this are refused unread: a real devops.yaml or sprint file is a few KB
 * (500 services take about 130 KB), and parsing this much stays well under a second.
 */
export const maxSourceBytes = 256 * 1024;

/** A reason to refuse the text, and where in it (UTF-16 offset) the reason lies. */
export interface RefusedSource {
  code: 'too-large' | 'binary' | 'too-deep';
  offset: number;
  message: string;
}

// C0 controls other than tab, LF and CR, and DEL: YAML forbids them; text files never have them.
// U+FFFD is what a decoder leaves for bytes that are not UTF-8.
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const binaryChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function tooLargeMessage(what: string, bytes: number, limit = maxSourceBytes): string {
  return `${what} is ${describeSize(bytes)}, larger than the ${describeSize(limit)} limit; this does not look like a hand-written file`;
}

/** The first character no text file holds, as a refusal naming it. */
export function findBinary(text: string, what: string, kind = 'YAML'): RefusedSource | undefined {
  const match = binaryChar.exec(text);
  if (!match) return undefined;
  const char = match[0];
  const label = char === '\uFFFD' ? 'bytes that are not UTF-8' : `the control character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { code: 'binary', offset: match.index, message: `${what} contains ${label}; it looks like a binary file, not ${kind} text` };
}

export function refuseSource(text: string, what: string, limit = maxSourceBytes): RefusedSource | undefined {
  // Length in UTF-16 units is at most the UTF-8 byte count, so this pre-check never misses.
  if (text.length > limit || Buffer.byteLength(text, 'utf8') > limit) {
    return { code: 'too-large', offset: 0, message: tooLargeMessage(what, Buffer.byteLength(text, 'utf8'), limit) };
  }
  const binary = findBinary(text, what);
  if (binary) return binary;
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) return { code: 'too-deep', offset: deep, message: `${what} nests more than ${maxNestingDepth} levels deep; this does not look like a hand-written file` };
  return undefined;
}

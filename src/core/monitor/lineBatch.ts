// Sources hand lines over either as strings or as a LineBatch; these turn one into the
// other, and cap every line the ring keeps.
import type { LineBatch } from './logTypes';

/**
 * Characters of one line the ring keeps. Every source goes through here, so a source that
 * does not split by bytes itself (or a bug in one) cannot fill memory with a single line.
 */
export const maxLineChars = 64 * 1024;
// A source that cut a line itself (the byte splitter, at 64 KiB by default) appends its own
// note: room for it, so the note that says how long the line really was stays.
const NOTE_ROOM = 64;

const oversize = (text: string): boolean => text.length > maxLineChars + NOTE_ROOM;

export function capLine(text: string): string {
  if (!oversize(text)) return text;
  // A copy of its own (UTF-16 both ways: nothing changes): a slice would keep the whole line alive.
  const head = Buffer.from(text.slice(0, maxLineChars), 'utf16le').toString('utf16le');
  return `${head} … [line of ${text.length} characters truncated]`;
}

export function isLineBatch(lines: readonly string[] | LineBatch): lines is LineBatch {
  return typeof (lines as Partial<LineBatch>).text === 'function';
}

/**
 * The lines as the ring keeps them, every one capped: strings are capped now (the ring
 * holds them as they are), a batch's lines as they are decoded.
 */
export function cappedBatch(lines: readonly string[] | LineBatch): LineBatch {
  return isLineBatch(lines) ? cappingDecoded(lines) : batchOfStrings(lines.some(oversize) ? lines.map(capLine) : lines);
}

// Each closure in a function of its own: closures of one function share its variables,
// and one that kept `lines` would keep the uncapped strings alive.
function cappingDecoded(batch: LineBatch): LineBatch {
  return { length: batch.length, text: (index) => capLine(batch.text(index)) };
}

function batchOfStrings(texts: readonly string[]): LineBatch {
  return { length: texts.length, text: (index) => texts[index] };
}

/** Every line of a batch, decoded. */
export function batchTexts(lines: readonly string[] | LineBatch): string[] {
  if (!isLineBatch(lines)) return [...lines];
  const texts = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) texts[i] = lines.text(i);
  return texts;
}

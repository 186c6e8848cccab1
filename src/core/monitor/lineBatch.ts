// Sources hand lines over either as strings or as a LineBatch; these turn one into the other.
import type { LineBatch } from './logTypes';

export function isLineBatch(lines: readonly string[] | LineBatch): lines is LineBatch {
  return typeof (lines as Partial<LineBatch>).text === 'function';
}

/** Strings seen as a batch (no copy). */
export function batchOf(lines: readonly string[] | LineBatch): LineBatch {
  if (isLineBatch(lines)) return lines;
  return { length: lines.length, text: (index) => lines[index] };
}

/** Every line of a batch, decoded. */
export function batchTexts(lines: readonly string[] | LineBatch): string[] {
  if (!isLineBatch(lines)) return [...lines];
  const texts = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) texts[i] = lines.text(i);
  return texts;
}

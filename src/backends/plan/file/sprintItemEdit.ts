import { Scalar } from 'yaml';
import { maxSprintFileBytes } from '../../../core/plan/sprintLimits';
import { scanSprintText, type ItemSpan, type ScannedItem } from '../../../core/plan/sprintScan';
import { sprintItemSchema } from '../../../core/plan/sprintSchema';
import { refuseSource } from '../../../core/yaml/sourceGuards';
import { lineEnding, renderScalar } from './yamlSplice';

// A field edit of one item of a sprint file that was just read without a problem, made and
// checked on that item's lines alone. The rest of the file is the same text, every other
// rule (dates, unique ids) reads only what did not change, so checking the changed item
// with the item rules is checking the file: a 5,000-item file is not read again per edit.

export type ItemFieldKey = 'status' | 'assignee' | 'points';

/** Read in front of an item's lines, so the scanner reads them as the one item of a list. */
const LIST_HEAD = 'items:\n';

/**
 * The text with one field of item `id` set (or removed for undefined) and the item's new
 * span, or undefined when the span does not hold that item in the scanned shape, the field
 * is a block, or the changed item breaks a sprint file rule: the caller then edits and
 * checks the whole file.
 */
export function editItemInPlace(
  text: string,
  span: ItemSpan,
  change: { id: string; key: ItemFieldKey; value: string | number | undefined },
  statuses: readonly string[],
): { text: string; span: ItemSpan } | undefined {
  const before = readItem(text, span);
  if (before?.data['id'] !== change.id) return undefined;
  const next = spliceField(text, before.scanned, span.start - LIST_HEAD.length, change.key, change.value);
  if (next === undefined) return undefined;
  const nextSpan = { start: span.start, end: span.end + next.length - text.length };
  const after = readItem(next, nextSpan);
  if (!after || after.data['id'] !== change.id || after.data[change.key] !== change.value) return undefined;
  if (refuseSource(next.slice(nextSpan.start, nextSpan.end), 'the sprint file', maxSprintFileBytes) || Buffer.byteLength(next, 'utf8') > maxSprintFileBytes) return undefined;
  const checked = sprintItemSchema.safeParse(after.data);
  if (!checked.success || !statuses.includes(checked.data.status)) return undefined;
  return { text: next, span: nextSpan };
}

/**
 * One field of a scanned item replaced in place, its line removed, or a line added after
 * the item's last; `offset` is added to the item's positions (they may come from a scan of
 * a part of `text`). Undefined for a block field, which is never edited in place.
 */
export function spliceField(text: string, item: ScannedItem, offset: number, key: string, value: string | number | undefined): string | undefined {
  const field = item.fields.get(key);
  if (field?.block) return undefined;
  if (field && value === undefined) return text.slice(0, field.lineStart + offset) + text.slice(field.lineEnd + offset);
  if (field && value !== undefined) {
    const style = field.quote === "'" ? Scalar.QUOTE_SINGLE : field.quote === '"' ? Scalar.QUOTE_DOUBLE : undefined;
    return text.slice(0, field.valueStart + offset) + renderScalar(value, style) + text.slice(field.valueEnd + offset);
  }
  if (value === undefined) return text;
  const after = Math.max(...[...item.fields.values()].map((f) => f.lineEnd)) + offset;
  const lead = text.charAt(after - 1) === '\n' ? '' : lineEnding(text);
  return text.slice(0, after) + lead + `${' '.repeat(item.indent)}${key}: ${renderScalar(value)}` + lineEnding(text) + text.slice(after);
}

/** The one item the span's lines hold, with where its fields are (offsets include LIST_HEAD). */
function readItem(text: string, span: ItemSpan): { data: Record<string, unknown>; scanned: ScannedItem } | undefined {
  if (span.start < 0 || span.end > text.length || span.start >= span.end || (span.start > 0 && text.charAt(span.start - 1) !== '\n')) return undefined;
  const scan = scanSprintText(LIST_HEAD + text.slice(span.start, span.end), true);
  const items = scan?.value['items'];
  if (!scan || !Array.isArray(items) || items.length !== 1 || scan.items.length !== 1) return undefined;
  return { data: items[0] as Record<string, unknown>, scanned: scan.items[0] };
}

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { formatProblem, hasErrors } from '../../../core/config/problem';
import type { Problem } from '../../../core/config/problem';
import { DevopsError } from '../../../core/errors';
import { parseSprintFile } from '../../../core/plan/sprintParser';
import type { SprintFile } from '../../../core/plan/sprintSchema';
import { scanSprintText } from '../../../core/plan/sprintScan';
import { spliceField } from './sprintItemEdit';
import { appendMapItem, appendPair, removePair, replacePairValue } from './yamlSplice';

// Edits of the sprint file as pure functions text → new text, so the same edit can
// be written to disk or applied to an open editor as a WorkspaceEdit. Each touches
// only the characters it must; comments, order and formatting stay.

/**
 * One change to a sprint file's text. Throws DevopsError when it cannot apply.
 * `verify: false` skips the edit's own re-parse, for callers that check the result
 * against `expect` themselves (applySprintEdit): a 5,000-item file costs a parse.
 */
export interface SprintEdit {
  (text: string, options?: { verify?: boolean }): string;
  /** True when a parsed result shows the change. */
  expect?: (sprint: SprintFile) => boolean;
}

/** The sprint file has errors: no edit is written over it. */
export class SprintFileInvalidError extends DevopsError {
  constructor(readonly problems: readonly Problem[], when: 'before' | 'after') {
    const first = problems.find((p) => p.severity === 'error');
    const lead = when === 'before' ? 'the sprint file has errors, so nothing was written' : 'the change would make the sprint file invalid, so nothing was written';
    super('invalid-config', `${lead}: ${first ? formatProblem(first) : 'unreadable'}`);
    this.name = 'SprintFileInvalidError';
  }
}

/** Fields an item gets when added. */
export interface SprintItemFields {
  id: string;
  title: string;
  status: string;
  assignee?: string;
  points?: number;
  labels?: string[];
}

export function setItemStatus(id: string, status: string): SprintEdit {
  return setItemField(id, 'status', status);
}

export function assignItem(id: string, assignee: string | undefined): SprintEdit {
  return setItemField(id, 'assignee', assignee);
}

export function setItemPoints(id: string, points: number | undefined): SprintEdit {
  if (points !== undefined && (!Number.isFinite(points) || points < 0)) throw new DevopsError('invalid-data', `points must be a number of 0 or more, not ${points}`);
  return setItemField(id, 'points', points);
}

export function addSprintItem(fields: SprintItemFields): SprintEdit {
  const edit = keepingBom((text, verify) => {
    const doc = parseForEdit(text);
    const items = doc.get('items');
    if (itemsOf(doc).some((item) => idOf(item) === fields.id)) throw new DevopsError('conflict', `an item with id ${fields.id} already exists`);
    const entries: [string, string | number | string[]][] = [['id', fields.id], ['title', fields.title], ['status', fields.status]];
    if (fields.assignee !== undefined) entries.push(['assignee', fields.assignee]);
    if (fields.points !== undefined) entries.push(['points', fields.points]);
    if (fields.labels && fields.labels.length > 0) entries.push(['labels', fields.labels]);
    const spliced = isSeq(items) ? appendMapItem(text, items, entries) : undefined;
    const count = itemsOf(doc).length;
    const check = (out: string): boolean => {
      const reparsed = parseDocument(out);
      return reparsed.errors.length === 0 && itemsOf(reparsed).length === count + 1 && findItem(reparsed, fields.id) !== undefined;
    };
    if (spliced !== undefined && (!verify || check(spliced))) return spliced;
    const node = doc.createNode(Object.fromEntries(entries));
    if (isSeq(items)) items.add(node);
    else doc.set('items', doc.createNode([node]));
    return verified(doc.toString({ lineWidth: 0 }), check);
  });
  edit.expect = (sprint) => sprint.items.some((item) => item.id === fields.id);
  return edit;
}

/**
 * Applies an edit after checking the file with the sprint file rules, and checks the
 * result the same way: an invalid file is never edited, and an edit never makes one.
 */
export function applySprintEdit(text: string, edit: SprintEdit, file: string, statuses: readonly string[], knownValid = false): string {
  // A caller that just loaded this exact text without errors may skip the first check (a 5,000-item file costs a parse).
  const before = knownValid ? undefined : parseSprintFile(text, file, statuses);
  if (before && hasErrors(before.problems)) throw new SprintFileInvalidError(before.problems, 'before');
  const expect = edit.expect;
  let next = edit(text, { verify: expect === undefined });
  let after = parseSprintFile(next, file, statuses);
  if (expect && (!after.sprint || !expect(after.sprint))) {
    // The quick path did not show the change (or broke the file): take the edit's own checked path.
    next = edit(text, { verify: true });
    after = parseSprintFile(next, file, statuses);
    if (after.sprint && !expect(after.sprint)) throw new DevopsError('io', 'the sprint file could not be edited safely, so nothing was written');
  }
  if (hasErrors(after.problems)) throw new SprintFileInvalidError(after.problems, 'after');
  return next;
}

/** The smallest single replacement turning `before` into `after`, for a WorkspaceEdit. */
export interface TextChange {
  /** UTF-16 offset in `before` where the replaced text starts. */
  offset: number;
  /** Length of the replaced text in `before`. */
  length: number;
  /** Text that replaces it. */
  text: string;
}

export function textChange(before: string, after: string): TextChange {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, text: after.slice(start, after.length - end) };
}

function setItemField(id: string, key: 'status' | 'assignee' | 'points', value: string | number | undefined): SprintEdit {
  const edit = keepingBom((text, verify) => {
    // Unchecked, the quick edit is checked by applySprintEdit's parse of the result.
    const quick = verify ? undefined : quickSetField(text, id, key, value);
    if (quick !== undefined) return quick;
    const doc = parseForEdit(text);
    const found = findItem(doc, id);
    if (!found) throw new DevopsError('not-found', `no item with id ${id} in the sprint file`);
    const pair = found.map.items.find((p) => isScalar(p.key) && p.key.value === key);
    const count = itemsOf(doc).length;
    const check = (out: string): boolean => {
      const reparsed = parseDocument(out);
      const again = findItem(reparsed, id);
      return reparsed.errors.length === 0 && again !== undefined && again.map.get(key) === value && itemsOf(reparsed).length === count;
    };
    let spliced: string | undefined;
    if (value === undefined) spliced = pair ? removePair(text, pair) : text;
    else spliced = pair ? replacePairValue(text, pair, value) : appendPair(text, found.map, key, value);
    if (spliced !== undefined && (!verify || check(spliced))) return spliced;
    if (value === undefined) found.map.delete(key);
    else found.map.set(key, value);
    return verified(doc.toString({ lineWidth: 0 }), check);
  });
  edit.expect = (sprint) => sprint.items.find((item) => item.id === id)?.[key] === value;
  return edit;
}

/**
 * The field edit on the lines scanSprintText located, without building a YAML document.
 * Undefined when the file is not in the scanned shape or the item is not there.
 */
function quickSetField(text: string, id: string, key: string, value: string | number | undefined): string | undefined {
  const scan = scanSprintText(text, true);
  const index = scan ? ((scan.value.items as Record<string, unknown>[] | undefined) ?? []).findIndex((item) => item.id === id) : -1;
  const item = scan?.items[index];
  return item ? spliceField(text, item, 0, key, value) : undefined;
}

function parseForEdit(text: string): Document.Parsed {
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new DevopsError('invalid-config', `the sprint file has a YAML error (${error.message.split('\n')[0]}), so nothing was written`);
  return doc;
}

function itemsOf(doc: Document): YAMLMap[] {
  const items = doc.get('items');
  return isSeq(items) ? items.items.filter((item): item is YAMLMap => isMap(item)) : [];
}

function idOf(map: YAMLMap): unknown {
  const id = map.get('id');
  return typeof id === 'number' ? String(id) : id;
}

function findItem(doc: Document, id: string): { map: YAMLMap } | undefined {
  const map = itemsOf(doc).find((item) => idOf(item) === id);
  return map ? { map } : undefined;
}

function verified(out: string, check: (text: string) => boolean): string {
  if (!check(out)) throw new DevopsError('io', 'the sprint file could not be edited safely, so nothing was written');
  return out;
}

function keepingBom(edit: (text: string, verify: boolean) => string): SprintEdit {
  return (text, options) => {
    const verify = options?.verify ?? true;
    return text.startsWith('\uFEFF') ? '\uFEFF' + edit(text.slice(1), verify) : edit(text, verify);
  };
}

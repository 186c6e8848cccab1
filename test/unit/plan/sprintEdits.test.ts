import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DevopsError } from '../../../src/core/errors';
import { addSprintItem, applySprintEdit, assignItem, setItemPoints, setItemStatus, SprintFileInvalidError, textChange } from '../../../src/backends/plan/file/sprintEdits';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'plan');
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const original = readFileSync(join(fixtures, 'sprint.yaml'), 'utf8');

/** Comment text of every line that has one, in order: must not change under any edit. */
function comments(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')));
}

function ids(text: string): string[] {
  return (parse(text) as { items: { id: string }[] }).items.map((i) => i.id);
}

function item(text: string, id: string): Record<string, unknown> {
  return (parse(text) as { items: Record<string, unknown>[] }).items.find((i) => i.id === id)!;
}

/** Lines removed and added between two texts, by common leading and trailing lines. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

function apply(text: string, edit: (t: string) => string): string {
  return applySprintEdit(text, edit, 'sprint.yaml', statuses);
}

describe('sprint file edits', () => {
  for (const id of ['DL-1', 'DL-2', 'DL-3', 'DL-4', 'DL-5']) {
    it(`moves ${id} to blocked changing one line, no comment and no order`, () => {
      const next = apply(original, setItemStatus(id, 'blocked'));
      assert.equal(item(next, id).status, 'blocked');
      assert.deepEqual(comments(next), comments(original));
      assert.deepEqual(ids(next), ids(original));
      const { removed, added } = changedLines(original, next);
      assert.equal(removed.length, 1, `one line changed, got ${JSON.stringify({ removed, added })}`);
      assert.equal(added.length, 1);
    });
  }

  it('keeps the quoting style of the old value and the trailing comment of its line', () => {
    const next = apply(original, setItemStatus('DL-2', 'review'));
    assert.match(next, /status: "review"\n/);
    const done = apply(original, setItemStatus('DL-1', 'todo'));
    assert.match(done, /status: todo {6}# finished Monday\n/);
  });

  it('assigns an item that had no assignee by adding one line inside it', () => {
    const next = apply(original, assignItem('DL-2', 'grace'));
    assert.equal(item(next, 'DL-2').assignee, 'grace');
    const { removed, added } = changedLines(original, next);
    assert.deepEqual(removed, []);
    assert.deepEqual(added, ['    assignee: grace']);
    assert.deepEqual(comments(next), comments(original));
    assert.equal(item(next, 'DL-2').labels instanceof Array, true);
  });

  it('fills an empty assignee in place and adds to a flow-style item', () => {
    // An empty value fails the sprint schema, so this one goes through the bare edit.
    const empty = original.replace('    status: review\n', '    status: review\n    assignee:\n');
    const filled = assignItem('DL-4', 'linus')(empty);
    assert.deepEqual(changedLines(empty, filled), { removed: ['    assignee:'], added: ['    assignee: linus'] });
    const flow = apply(original, assignItem('DL-3', 'ada'));
    assert.deepEqual(changedLines(original, flow).added, ['  - {id: DL-3, title: Flow style item, status: todo, points: 1, assignee: ada}']);
  });

  it('unassigns by removing only the assignee line', () => {
    const next = apply(original, assignItem('DL-1', undefined));
    assert.equal(item(next, 'DL-1').assignee, undefined);
    assert.deepEqual(changedLines(original, next), { removed: ['    assignee: ada'], added: [] });
  });

  it('edits points in place, adds them after a block value, and refuses negative points', () => {
    const next = apply(original, setItemPoints('DL-1', 8));
    assert.deepEqual(changedLines(original, next), { removed: ['    points: 3'], added: ['    points: 8'] });
    const added = apply(original, setItemPoints('DL-4', 5));
    assert.equal(item(added, 'DL-4').points, 5);
    assert.equal(item(added, 'DL-4').description, 'Multi-line text\n# not a comment, part of the block\n');
    assert.deepEqual(comments(added), comments(original));
    assert.throws(() => setItemPoints('DL-1', -1), (e: unknown) => DevopsError.is(e, 'invalid-data'));
  });

  it('adds an item after the last one, in the same layout, before the trailing comment', () => {
    const next = apply(original, addSprintItem({ id: 'DL-6', title: 'Needs: quoting, #really', status: 'todo', points: 2, labels: ['ops'] }));
    assert.deepEqual(ids(next), [...ids(original), 'DL-6']);
    assert.equal(item(next, 'DL-6').title, 'Needs: quoting, #really');
    assert.deepEqual(comments(next).filter((c) => !c.includes('really')), comments(original));
    assert.ok(next.trimEnd().endsWith('# trailing comment after the items'));
    assert.deepEqual(changedLines(original, next).removed, []);
    assert.throws(() => apply(original, addSprintItem({ id: 'DL-1', title: 'dup', status: 'todo' })), (e: unknown) => DevopsError.is(e, 'conflict'));
  });

  it('keeps CRLF line ends and a BOM', () => {
    const crlf = '\uFEFF' + original.replace(/\n/g, '\r\n');
    const next = apply(crlf, assignItem('DL-2', 'grace'));
    assert.ok(next.startsWith('\uFEFF'));
    assert.equal(next.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.equal(item(next.slice(1), 'DL-2').assignee, 'grace');
  });

  it('refuses to edit a file with a syntax error or an unknown status, and refuses to write an unknown status', () => {
    const broken = original.replace('  - id: DL-5', '  - id: [DL-5');
    assert.throws(() => apply(broken, setItemStatus('DL-1', 'todo')), (e: unknown) => e instanceof SprintFileInvalidError && e.reason === 'invalid-config');
    const unknown = original.replace('status: review', 'status: reviewing');
    assert.throws(() => apply(unknown, setItemStatus('DL-1', 'todo')), (e: unknown) => e instanceof SprintFileInvalidError && /reviewing/.test(e.message));
    assert.throws(() => apply(original, setItemStatus('DL-1', 'shipped')), (e: unknown) => e instanceof SprintFileInvalidError && e.problems.some((p) => p.code === 'unknown-status'));
    assert.throws(() => apply(original, setItemStatus('DL-99', 'todo')), (e: unknown) => DevopsError.is(e, 'not-found'));
  });

  it('gives the minimal replacement for a WorkspaceEdit', () => {
    const next = apply(original, setItemStatus('DL-5', 'done'));
    const change = textChange(original, next);
    assert.equal(original.slice(0, change.offset) + change.text + original.slice(change.offset + change.length), next);
    assert.ok(change.length <= 'todo'.length && change.text.length <= 'done'.length);
  });
});

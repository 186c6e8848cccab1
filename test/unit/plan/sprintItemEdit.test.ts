import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSprintProvider } from '../../../src/backends/plan/file/fileSprintProvider';
import { editItemInPlace, type ItemFieldKey } from '../../../src/backends/plan/file/sprintItemEdit';
import { applySprintEdit, assignItem, setItemPoints, setItemStatus, SprintFileInvalidError, type SprintEdit } from '../../../src/backends/plan/file/sprintEdits';
import type { PlanItem } from '../../../src/core/plan/planProvider';
import { scanSprintText } from '../../../src/core/plan/sprintScan';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'plan');
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const signal = new AbortController().signal;
// The fixture without its flow-style item, which the quick reader leaves to the YAML parser:
// comments between and after items, quoted values, a block list, literal text, `labels: []`.
const scanned = readFileSync(join(fixtures, 'sprint.yaml'), 'utf8').replace(/ {2}- \{id: DL-3.*\n/, '');
// The last item's last line without a newline: an added line must bring its own.
const noFinalNewline = scanned.replace(/\n# trailing comment after the items\n?$/, '');

type Change = { id: string; key: ItemFieldKey; value: string | number | undefined };

function editOf({ id, key, value }: Change): SprintEdit {
  if (key === 'status') return setItemStatus(id, value as string);
  if (key === 'assignee') return assignItem(id, value as string | undefined);
  return setItemPoints(id, value as number | undefined);
}

function spanOf(text: string, id: string): { start: number; end: number } {
  const scan = scanSprintText(text)!;
  const index = (scan.value.items as { id: string }[]).findIndex((item) => item.id === id);
  return scan.spans[index];
}

const changes: Change[] = [
  ...['DL-1', 'DL-2', 'DL-4', 'DL-5'].flatMap((id): Change[] => [
    { id, key: 'status', value: 'blocked' },
    { id, key: 'assignee', value: 'grace' },
    { id, key: 'assignee', value: "Dana O'Brien" },
    { id, key: 'assignee', value: undefined },
    { id, key: 'points', value: 13 },
    { id, key: 'points', value: undefined },
  ]),
];

describe('sprint field edits on the item lines alone', () => {
  for (const [name, text] of Object.entries({ scanned, noFinalNewline })) {
    it(`gives the same text as the whole-file edit for every field of every item (${name})`, () => {
      for (const change of changes) {
        const local = editItemInPlace(text, spanOf(text, change.id), change, statuses);
        const whole = applySprintEdit(text, editOf(change), 'sprint.yaml', statuses);
        assert.ok(local, `the item's lines take ${JSON.stringify(change)}`);
        assert.equal(local.text, whole, JSON.stringify(change));
        assert.deepEqual(local.span, spanOf(local.text, change.id), 'the new span is where a fresh read finds the item');
      }
    });
  }

  it('leaves to the whole-file edit what it cannot check on the item alone', () => {
    const span = spanOf(scanned, 'DL-1');
    assert.equal(editItemInPlace(scanned, span, { id: 'DL-1', key: 'status', value: 'shipped' }, statuses), undefined, 'a status plan.statuses does not allow');
    assert.equal(editItemInPlace(scanned, span, { id: 'DL-2', key: 'status', value: 'done' }, statuses), undefined, 'a span that holds another item');
    assert.equal(editItemInPlace(scanned, { start: span.start + 1, end: span.end }, { id: 'DL-1', key: 'status', value: 'done' }, statuses), undefined, 'a span not at a line start');
    assert.equal(editItemInPlace(scanned, span, { id: 'DL-1', key: 'assignee', value: 'tab\there "quoted"' }, statuses), undefined, 'a value written with escapes');
    const firstAssignee = scanned.replace('  - id: DL-5\n    title: Last item\n', '  - assignee: bob\n    id: DL-5\n    title: Last item\n');
    assert.equal(editItemInPlace(firstAssignee, spanOf(firstAssignee, 'DL-5'), { id: 'DL-5', key: 'assignee', value: undefined }, statuses), undefined, 'removing the line that opens the item');
  });
});

describe('FileSprintProvider field edits', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sprint-item-edit-'));
    path = join(dir, 'sprint.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const item = (id: string): PlanItem => ({ id, title: id, status: 'todo', labels: [] });

  it('writes what the whole-file edits write over a run of edits that grow and shrink items before others', async () => {
    writeFileSync(path, scanned);
    const provider = new FileSprintProvider({ path, statuses });
    await provider.load(signal);
    const run: Change[] = [
      { id: 'DL-1', key: 'assignee', value: undefined },
      { id: 'DL-2', key: 'assignee', value: 'a much longer name than before' },
      { id: 'DL-1', key: 'points', value: 21 },
      { id: 'DL-5', key: 'status', value: 'in-progress' },
      { id: 'DL-4', key: 'points', value: 1 },
      { id: 'DL-5', key: 'assignee', value: 'ada' },
      { id: 'DL-2', key: 'status', value: 'done' },
    ];
    let expected = scanned;
    for (const change of run) {
      expected = applySprintEdit(expected, editOf(change), 'sprint.yaml', statuses);
      if (change.key === 'status') await provider.setStatus(item(change.id), change.value as string, signal);
      if (change.key === 'assignee') await provider.assign(item(change.id), change.value as string | undefined, signal);
      if (change.key === 'points') await provider.setPoints(item(change.id), change.value as number | undefined, signal);
      assert.equal(readFileSync(path, 'utf8'), expected, JSON.stringify(change));
    }
    const reloaded = await provider.load(signal);
    assert.equal(reloaded.items.find((i) => i.id === 'DL-5')?.assignee, 'ada');
  });

  it('edits a file changed on disk since the load as a whole, and still refuses an unknown status', async () => {
    writeFileSync(path, scanned);
    const provider = new FileSprintProvider({ path, statuses });
    await provider.load(signal);
    const changed = scanned.replace('  - id: DL-5\n', '  - id: DL-6\n    title: Added by hand\n    status: todo\n  - id: DL-5\n');
    writeFileSync(path, changed);
    await provider.setStatus(item('DL-5'), 'done', signal);
    assert.equal(readFileSync(path, 'utf8'), applySprintEdit(changed, setItemStatus('DL-5', 'done'), 'sprint.yaml', statuses));
    await assert.rejects(provider.setStatus(item('DL-1'), 'shipped', signal), (e: unknown) => e instanceof SprintFileInvalidError && e.problems.some((p) => p.code === 'unknown-status'));
  });
});

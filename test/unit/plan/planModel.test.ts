import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevopsError } from '../../../src/core/errors';
import { PlanModel } from '../../../src/core/plan/planModel';
import type { PlanChange } from '../../../src/core/plan/planModel';
import { planCapabilities, planItemCapabilities } from '../../../src/core/plan/planProvider';
import { FileSprintProvider, nextItemId } from '../../../src/backends/plan/file/fileSprintProvider';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'plan');
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const signal = new AbortController().signal;

describe('PlanModel over the sprint file provider', () => {
  let dir: string;
  let path: string;
  let model: PlanModel;
  let changes: PlanChange[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-model-'));
    path = join(dir, 'sprint.yaml');
    copyFileSync(join(fixtures, 'sprint.yaml'), path);
    // 2026-11-30 local noon: the sprint ends 2026-12-04, so 5 days are left counting today.
    model = new PlanModel({ provider: new FileSprintProvider({ path, statuses, me: 'Ada' }), statuses, now: () => new Date(2026, 10, 30, 12).getTime() });
    changes = [];
    model.onDidChange((c) => changes.push(c));
  });

  afterEach(() => {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the header, groups in configured order with counts and points', async () => {
    await model.refresh(signal);
    const header = model.header!;
    assert.equal(header.name, 'Sprint 7');
    assert.equal(header.daysLeft, 5);
    assert.deepEqual([header.pointsDone, header.pointsTotal, header.itemsDone, header.itemsTotal], [3, 6, 1, 5]);
    assert.deepEqual(
      model.groups().map((g) => [g.status, g.count, g.points]),
      [['todo', 2, 1], ['in-progress', 1, 2], ['review', 1, 0], ['done', 1, 3], ['blocked', 0, 0]],
    );
    assert.deepEqual(model.page('todo').items.map((i) => i.id), ['DL-3', 'DL-5']);
    assert.deepEqual(changes.map((c) => c.kind), ['loading', 'loaded']);
  });

  it('filters my items, case-insensitively, and says so', async () => {
    await model.refresh(signal);
    model.setMyItemsOnly(true);
    assert.deepEqual(model.items.map((i) => i.id), ['DL-1']);
    assert.deepEqual(model.groups().find((g) => g.status === 'done')?.count, 1);
    assert.equal(model.groups().find((g) => g.status === 'todo')?.count, 0);
    assert.equal(changes.at(-1)?.kind, 'filter');
  });

  it('marks the item of the active branch and reports the change once', async () => {
    await model.refresh(signal);
    model.setActiveBranch('feature/DL-2-show-order-details');
    assert.equal(model.activeItemId, 'DL-2');
    model.setActiveBranch('feature/DL-2-show-order-details');
    assert.deepEqual(changes.filter((c) => c.kind === 'active-item'), [{ kind: 'active-item', previous: undefined, current: 'DL-2' }]);
    model.setActiveBranch('main');
    assert.equal(model.activeItemId, undefined);
  });

  it('writes a status change to the file, keeps its comments, and reloads', async () => {
    await model.refresh(signal);
    const before = readFileSync(path, 'utf8');
    await model.setStatus('DL-5', 'in-progress', signal);
    const after = readFileSync(path, 'utf8');
    assert.notEqual(after, before);
    assert.equal(after.replace('status: in-progress\n    labels: []', 'status: todo\n    labels: []'), before);
    assert.equal(model.item('DL-5')?.status, 'in-progress');
    assert.ok(changes.some((c) => c.kind === 'item' && c.id === 'DL-5'));
  });

  it('assigns to me, edits points and adds an item with the next id', async () => {
    await model.refresh(signal);
    await model.assignToMe('DL-3', signal);
    await model.setPoints('DL-5', 8, signal);
    const created = await model.addItem({ title: 'Brand new' }, signal);
    assert.equal(created.id, 'DL-6');
    assert.equal(model.item('DL-3')?.assignee, 'Ada');
    assert.equal(model.item('DL-5')?.points, 8);
    assert.equal(model.item('DL-6')?.status, 'todo');
    assert.match(readFileSync(path, 'utf8'), /# trailing comment after the items\n$/);
  });

  it('keeps the last good items, marked stale, when the file turns invalid; one incident per failure run', async () => {
    await model.refresh(signal);
    writeFileSync(path, 'sprint: [unclosed\n');
    await model.refresh(signal);
    await model.refresh(signal);
    assert.equal(model.state.stale, true);
    assert.equal(model.items.length, 5);
    const failures = changes.filter((c) => c.kind === 'failed');
    assert.deepEqual(failures.map((f) => f.kind === 'failed' && f.newIncident), [true, false]);
    assert.ok(failures[0].kind === 'failed' && DevopsError.is(failures[0].error, 'invalid-config'));
    // No edit is written over the unreadable file.
    await assert.rejects(model.setStatus('DL-5', 'done', signal), (e: unknown) => DevopsError.is(e, 'invalid-config'));
    assert.equal(readFileSync(path, 'utf8'), 'sprint: [unclosed\n');
    copyFileSync(join(fixtures, 'sprint.yaml'), path);
    await model.refresh(signal);
    assert.equal(model.state.stale, false);
  });

  it('pages a group of 450 items by 200 for "Show more"', async () => {
    const items = Array.from({ length: 450 }, (_, i) => `  - id: B-${i + 1}\n    title: Item ${i + 1}\n    status: todo\n`).join('');
    writeFileSync(path, `sprint:\n  name: Big\n  start: 2026-11-23\n  end: 2026-12-04\nitems:\n${items}`);
    await model.refresh(signal);
    const first = model.page('todo');
    assert.deepEqual([first.items.length, first.total, first.nextOffset], [200, 450, 200]);
    const last = model.page('todo', 400);
    assert.deepEqual([last.items.length, last.items[0].id, last.nextOffset], [50, 'B-401', undefined]);
  });

  it('builds capability words for menus from what the provider offers', async () => {
    await model.refresh(signal);
    const caps = planCapabilities(model.provider);
    assert.deepEqual([...caps].sort(), ['addItem', 'assign', 'setPoints', 'setStatus']);
    assert.deepEqual(planItemCapabilities(caps, model.item('DL-1')!, true), ['status-settable', 'assignable', 'points-editable', 'active']);
  });
});

describe('nextItemId', () => {
  it('continues the most common prefix, keeping padding, and starts a scheme when none', () => {
    assert.equal(nextItemId(['DL-1', 'DL-12', 'X-99', 'DL-3']), 'DL-13');
    assert.equal(nextItemId(['T-009', 'T-010']), 'T-011');
    assert.equal(nextItemId(['alpha']), 'ITEM-2');
  });
});

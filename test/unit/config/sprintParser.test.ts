import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSprintFile, parseSprintFile } from '../../../src/core/plan/sprintParser';
import type { Problem } from '../../../src/core/config/problem';

const statuses = ['todo', 'in-progress', 'review', 'done'];
const at = (p: Problem): string => `${p.line}:${p.column}-${p.endLine}:${p.endColumn}`;

const good = `sprint:
  name: Sprint 12
  start: 2026-11-16
  end: 2026-11-27
items:
  - id: DL-1
    title: Login page
    status: todo
    points: 3
  - id: DL-2
    title: Logout
    status: done
`;

describe('parseSprintFile', () => {
  it('parses a valid sprint file', () => {
    const result = parseSprintFile(good, 'sprint.yaml', statuses);
    assert.deepEqual(result.problems, []);
    assert.equal(result.sprint?.items.length, 2);
    assert.deepEqual(result.sprint?.items[0].labels, []);
  });

  it('reports an unknown status at the value, with a suggestion and the allowed list', () => {
    const result = parseSprintFile(good.replace('status: done', 'status: dnoe'), 'sprint.yaml', statuses);
    assert.equal(result.sprint, undefined);
    assert.equal(result.problems.length, 1);
    const p = result.problems[0];
    assert.equal(p.code, 'unknown-status');
    assert.equal(at(p), '12:13-12:17');
    assert.match(p.message, /unknown status `dnoe` \(did you mean `done`\?\); plan\.statuses allows todo, in-progress, review, done/);
  });

  it('reports a duplicate item id at the second one, naming the first line', () => {
    const result = parseSprintFile(good.replace('id: DL-2', 'id: DL-1'), 'sprint.yaml', statuses);
    const p = result.problems.find((x) => x.code === 'duplicate-id');
    assert.ok(p);
    assert.equal(at(p), '10:9-10:13');
    assert.equal(p.message, 'duplicate item id `DL-1` (first used on line 6)');
  });

  it('reports syntax errors, unknown keys and bad dates with positions', () => {
    const syntax = parseSprintFile('sprint: [\n', 'sprint.yaml', statuses);
    assert.equal(syntax.problems[0].code, 'yaml-syntax');
    const unknown = parseSprintFile(good.replace('    points: 3', '    point: 3'), 'sprint.yaml', statuses);
    assert.equal(at(unknown.problems[0]), '9:5-9:10');
    assert.match(unknown.problems[0].message, /did you mean `points`\?/);
    const date = parseSprintFile(good.replace('end: 2026-11-27', 'end: 27.11.2026'), 'sprint.yaml', statuses);
    assert.equal(date.problems[0].code, 'invalid-format');
    assert.equal(date.problems[0].line, 4);
    const order = parseSprintFile(good.replace('end: 2026-11-27', 'end: 2026-11-01'), 'sprint.yaml', statuses);
    assert.equal(order.problems[0].code, 'invalid-dates');
  });

  it('refuses binary input and an empty file with one clear problem', () => {
    assert.equal(parseSprintFile('\u0000\u0000', 'sprint.yaml', statuses).problems[0].code, 'binary');
    const empty = parseSprintFile('', 'sprint.yaml', statuses).problems;
    assert.equal(empty.length, 1);
    assert.match(empty[0].message, /the sprint file is empty/);
  });

  it('loads from disk and reports a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devops-sprint-'));
    try {
      await writeFile(join(dir, 'sprint.yaml'), good);
      assert.equal((await loadSprintFile(join(dir, 'sprint.yaml'), statuses)).sprint?.sprint.name, 'Sprint 12');
      assert.equal((await loadSprintFile(join(dir, 'none.yaml'), statuses)).problems[0].code, 'not-found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

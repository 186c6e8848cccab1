import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { assignItem, setItemPoints, setItemStatus } from '../../../src/backends/plan/file/sprintEdits';
import { parseSprintFile } from '../../../src/core/plan/sprintParser';
import { scanSprintText } from '../../../src/core/plan/sprintScan';

// The quick sprint reader must read exactly what the YAML parser reads, or decline; and a
// quick edit must write exactly what the parser-located edit writes.

const root = join(__dirname, '..', '..', '..', '..');
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const head = 'sprint:\n  name: Sprint 9\n  start: 2026-11-23\n  end: 2026-12-04\nitems:\n';

/** Texts in the shape the quick reader takes: it must build the same data as the parser. */
const readable: Record<string, string> = {
  demo: readFileSync(join(root, 'demo', 'sprint.yaml'), 'utf8'),
  blockValues: `${head}  - id: A-1\n    title: t\n    labels:\n      - web   # front end\n\n      - 'ui'\n    description: |\n      Multi-line text\n\n      # not a comment, part of the block\n      end\n\n  # next\n  - id: A-2\n    description: |-\n      kept: as is\n    status: todo\n`,
  dashAtColumnZero: 'sprint:\n    name: S\n    start: 2026-01-01\n    end: 2026-01-02\nitems:\n- id: A-1\n  title: one\n  status: todo\n',
  commentsAndQuotes: `${head}  # first\n  - id: "A-1"   # quoted\n    title: 'Fix #12: the cart'\n    status: todo # trailing\n\n    points: 0013\n    labels: []\n    url: https://example.com/a#b\n`,
  numbersAndWords: `${head}  - id: 42\n    title: v1.2 ships 1_000 orders/s at 3pm\n    status: done\n    points: +5\n    labels: [ api ,web]\n    assignee: o'brien\n`,
  blockScalar: `${head}  - id: A-1\n    title: t\n    status: todo\n    description: |\n      long\n`,
  blockList: `${head}  - id: A-1\n    title: t\n    status: todo\n    labels:\n      - api\n`,
  noTrailingNewline: `${head}  - id: A-1\n    title: last line\n    status: todo`,
};

/** Texts the quick reader must leave to the parser. */
const declined: Record<string, string> = {
  anchor: `${head}  - &a id: A-1\n    title: t\n    status: todo\n`,
  multiLinePlain: `${head}  - id: A-1\n    title: a title that\n      goes on\n    status: todo\n`,
  float: `${head}  - id: A-1\n    title: t\n    status: todo\n    points: 2.5\n`,
  nullValue: `${head}  - id: A-1\n    title: t\n    status: todo\n    assignee: ~\n`,
  emptyValue: `${head}  - id: A-1\n    title: t\n    status: todo\n    assignee:\n`,
  boolean: `${head}  - id: A-1\n    title: true\n    status: todo\n`,
  tab: `${head}  - id: A-1\n    title:\tt\n    status: todo\n`,
  crlf: head.replace(/\n/g, '\r\n'),
  fixtureWithFlowMapItem: readFileSync(join(root, 'test', 'fixtures', 'plan', 'sprint.yaml'), 'utf8'),
  foldedText: `${head}  - id: A-1\n    description: >\n      folded\n    status: todo\n`,
  deeperLiteralLine: `${head}  - id: A-1\n    description: |\n      one\n        indented\n    status: todo\n`,
  keptText: `${head}  - id: A-1\n    description: |+\n      kept\n\n    status: todo\n`,
  flowMap: `${head}  - {id: A-1, title: t, status: todo}\n`,
  duplicateKey: `${head}  - id: A-1\n    title: t\n    title: u\n    status: todo\n`,
  escapes: `${head}  - id: A-1\n    title: "a \\"quoted\\" word"\n    status: todo\n`,
  doubledQuote: `${head}  - id: A-1\n    title: 'it''s'\n    status: todo\n`,
  noSpaceAfterColon: `${head}  - id: A-1\n    title:t\n    status: todo\n`,
  dashWithoutSpace: `${head}  -id: A-1\n    title: t\n    status: todo\n`,
  colonInPlain: `${head}  - id: A-1\n    title: note: this\n    status: todo\n`,
  hexNumber: `${head}  - id: A-1\n    title: t\n    status: todo\n    points: 0x10\n`,
  documentMarker: `---\n${head}`,
  otherTopLevelKey: `version: 1\n${head}`,
};

describe('the quick sprint reader', () => {
  for (const [name, text] of Object.entries(readable)) {
    it(`reads ${name} as the YAML parser does`, () => {
      const scan = scanSprintText(text);
      assert.ok(scan, 'read quickly');
      assert.deepEqual(scan.value, parse(text));
    });
  }

  for (const [name, text] of Object.entries(declined)) {
    it(`leaves ${name} to the YAML parser`, () => {
      assert.equal(scanSprintText(text), undefined);
    });
  }

  it('gives the parser a file with a problem, so the problem keeps its line', () => {
    const text = `${head}  - id: A-1\n    title: t\n    status: todo\n  - id: A-1\n    title: u\n    status: nope\n`;
    assert.ok(scanSprintText(text), 'the shape alone is readable');
    const result = parseSprintFile(text, 'sprint.yaml', statuses);
    assert.equal(result.sprint, undefined);
    assert.deepEqual(result.problems.map((p) => [p.code, p.line]), [['duplicate-id', 9], ['unknown-status', 11]]);
  });
});

describe('a quick sprint edit', () => {
  const text = readable.commentsAndQuotes.replace('  # first\n', '') + '  - id: A-2\n    title: two\n    status: review\n    assignee: "ada"';
  const edits = {
    'a plain value': setItemStatus('A-1', 'done'),
    'a double-quoted value': assignItem('A-2', 'grace hopper'),
    'a missing field on the last item, without a final newline': setItemPoints('A-2', 3),
    'a missing field in the middle': assignItem('A-1', 'linus'),
    'a removed field': setItemPoints('A-1', undefined),
    'a removed last line': assignItem('A-2', undefined),
  };
  const afterBlock = `${head}  - id: A-1\n    title: t\n    status: todo\n    description: |\n      two\n      lines\n\n  - id: A-2\n    title: u\n    status: todo\n    labels:\n      - web\n`;
  it('adds a field after literal text or a block list as the parser-located edit does', () => {
    for (const edit of [setItemPoints('A-1', 1), setItemPoints('A-2', 2)]) assert.equal(edit(afterBlock, { verify: false }), edit(afterBlock, { verify: true }));
  });
  for (const [name, edit] of Object.entries(edits)) {
    it(`writes ${name} exactly as the parser-located edit does`, () => {
      const quick = edit(text, { verify: false });
      assert.notEqual(quick, text);
      assert.equal(quick, edit(text, { verify: true }));
    });
  }
});

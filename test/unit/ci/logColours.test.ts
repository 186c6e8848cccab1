import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { colourGroups, editorColour, styleKey } from '../../../src/core/ci/log/logColours';
import { LogDocument } from '../../../src/core/ci/log/logDocument';
import { localProblemPath } from '../../../src/core/ci/log/logPaths';
import { fixture } from './replayServer';

type JobsBody = { jobs: { steps: { name: string; started_at: string }[] }[] };

function githubLog(): LogDocument {
  const steps = fixture<JobsBody>('github/workflow-jobs.json').jobs[0].steps.map((s) => ({ name: s.name, startedAt: Date.parse(s.started_at) }));
  const doc = new LogDocument({ format: 'github', steps });
  doc.append(fixture<string>('github/job-log.json'));
  doc.finish();
  return doc;
}

describe('CI log colours', () => {
  it('groups the coloured columns of a GitHub log by look, in document lines', () => {
    const doc = githubLog();
    const groups = colourGroups(doc.lines, doc.firstLogLine);
    const byKey = new Map(groups.map((g) => [g.key, g.ranges]));
    assert.deepEqual([...byKey.keys()].sort(), ['bold', 'fg=cyan bold', 'fg=red']);
    // Headers naming steps whose first line does not (GitHub writes none) are bold, whole.
    const setUp = doc.lines.findIndex((l) => l.text === '▸ Set up job');
    const complete = doc.lines.findIndex((l) => l.text === '▸ Complete job');
    assert.deepEqual(byKey.get('bold'), [
      { line: setUp, start: 0, end: '▸ Set up job'.length },
      { line: complete, start: 0, end: '▸ Complete job'.length },
    ]);
    const npmTest = doc.lines.findIndex((l) => l.text === 'npm test');
    assert.deepEqual(byKey.get('fg=cyan bold'), [{ line: npmTest, start: 0, end: 'npm test'.length }]);
    const math = doc.lines.findIndex((l) => l.text === '  1) math');
    const failed = doc.lines.findIndex((l) => l.text === 'Process completed with exit code 1.');
    // The escape-coloured line and the ##[error] annotation, which GitHub shows red.
    assert.deepEqual(byKey.get('fg=red'), [
      { line: math, start: 0, end: 9 },
      { line: failed, start: 0, end: 'Process completed with exit code 1.'.length },
    ]);
  });

  it('counts columns over the plain text, so a colour mid-line lands on its words', () => {
    const doc = new LogDocument({ format: 'plain' });
    doc.append('ok \x1b[1;32mPASS\x1b[0m src/a.test.ts \x1b[38;5;208m(2 ms)\x1b[0m\nplain\n');
    doc.finish();
    const groups = colourGroups(doc.lines, 0);
    const text = doc.lines[0].text;
    assert.equal(text, 'ok PASS src/a.test.ts (2 ms)');
    const pass = groups.find((g) => g.key === 'fg=green bold')!.ranges[0];
    assert.equal(text.slice(pass.start, pass.end), 'PASS');
    const time = groups.find((g) => g.key === 'fg=ansi:208')!.ranges[0];
    assert.equal(text.slice(time.start, time.end), '(2 ms)');
    assert.ok(groups.every((g) => g.ranges.every((r) => r.line === 0)));
  });

  it('shifts lines below the notices and colours only the asked window', () => {
    const doc = new LogDocument({ format: 'plain' });
    doc.addNotice({ kind: 'truncated', message: 'cut' });
    for (let i = 0; i < 1000; i++) doc.append(`\x1b[3${i % 8}mline ${i}\x1b[0m\n`);
    doc.finish();
    assert.equal(doc.firstLogLine, 2);
    const rendered = doc.render().text.split('\n');
    const all = colourGroups(doc.lines, doc.firstLogLine).flatMap((g) => g.ranges);
    assert.equal(all.length, 1000);
    for (const range of all.slice(0, 20)) assert.match(rendered[range.line], /^line \d+$/);
    const some = colourGroups(doc.lines, doc.firstLogLine, { fromLine: 500, toLine: 540 }).flatMap((g) => g.ranges);
    assert.deepEqual(
      some.map((r) => r.line).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => 500 + i),
    );
    assert.equal(rendered[some[0].line], `line ${some[0].line - 2}`);
  });

  it('keeps colours on their lines below header lines and notices', () => {
    const doc = new LogDocument({ format: 'github', steps: [{ name: 'Set up job', startedAt: Date.parse('2026-11-27T10:00:00Z') }, { name: 'Build', startedAt: Date.parse('2026-11-27T10:00:05Z') }] });
    doc.addNotice({ kind: 'truncated', message: 'cut' });
    doc.append('2026-11-27T10:00:00.1Z Runner \x1b[32mready\x1b[0m\n2026-11-27T10:00:05.2Z ##[group]Run make\n2026-11-27T10:00:05.3Z \x1b[31mfailed\x1b[0m\n');
    doc.finish();
    const rendered = doc.render().text.split('\n');
    assert.deepEqual(rendered, ['[truncated] cut', '', '▸ Set up job', 'Runner ready', '▸ Build', 'Run make', 'failed']);
    const groups = colourGroups(doc.lines, doc.firstLogLine);
    const at = (key: string): string[] => groups.find((g) => g.key === key)!.ranges.map((r) => rendered[r.line].slice(r.start, r.end));
    assert.deepEqual(at('fg=green'), ['ready']);
    assert.deepEqual(at('fg=red'), ['failed']);
    assert.deepEqual(at('bold'), ['▸ Set up job', '▸ Build']);
  });

  it('maps named colours to the theme terminal colours and the rest to fixed values', () => {
    assert.deepEqual(editorColour('red'), { themeColor: 'terminal.ansiRed' });
    assert.deepEqual(editorColour('brightBlue'), { themeColor: 'terminal.ansiBrightBlue' });
    assert.deepEqual(editorColour('ansi:208'), { hex: '#ff8700' });
    assert.deepEqual(editorColour('ansi:16'), { hex: '#000000' });
    assert.deepEqual(editorColour('ansi:231'), { hex: '#ffffff' });
    assert.deepEqual(editorColour('ansi:244'), { hex: '#808080' });
    assert.deepEqual(editorColour('#FF0010'), { hex: '#ff0010' });
    assert.equal(editorColour('ansi:300'), undefined);
    assert.equal(editorColour('purple'), undefined);
  });

  it('gives one key per look, whatever the order of its parts', () => {
    assert.equal(styleKey({ bold: true, fg: 'red' }), styleKey({ fg: 'red', bold: true }));
    assert.notEqual(styleKey({ fg: 'red' }), styleKey({ fg: 'red', bold: true }));
    assert.equal(styleKey({ fg: 'red', bg: '#000000', dim: true, italic: true, underline: true }), 'fg=red bg=#000000 dim italic underline');
  });
});

describe('CI log paths in the workspace (real temp folder)', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ci-log-paths-'));
    mkdirSync(path.join(root, 'src', 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'lib', 'orders.js'), '');
    writeFileSync(path.join(root, 'src', 'app.ts'), '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('drops a runner work folder until the rest exists in the workspace', () => {
    const expected = path.join(root, 'src', 'lib', 'orders.js');
    assert.equal(localProblemPath('/home/runner/work/octo-repo/octo-repo/src/lib/orders.js', root, existsSync), expected);
    assert.equal(localProblemPath('/builds/group/project/src/lib/orders.js', root, existsSync), expected);
    assert.equal(localProblemPath('C:\\jenkins\\workspace\\app\\src\\lib\\orders.js', root, existsSync), expected);
  });

  it('reads relative paths from the workspace root and keeps what it cannot place', () => {
    assert.equal(localProblemPath('src/app.ts', root, existsSync), path.join(root, 'src', 'app.ts'));
    assert.equal(localProblemPath('./src/app.ts', root, existsSync), path.join(root, 'src', 'app.ts'));
    assert.equal(localProblemPath('src/missing.ts', root, existsSync), path.join(root, 'src', 'missing.ts'));
    assert.equal(localProblemPath('/opt/elsewhere/missing.ts', root, existsSync), '/opt/elsewhere/missing.ts');
    const inside = path.join(root, 'src', 'app.ts');
    assert.equal(localProblemPath(inside, root, existsSync), inside);
  });
});

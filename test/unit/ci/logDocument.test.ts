import * as assert from 'node:assert/strict';
import { parseAnsi, stripAnsi } from '../../../src/core/ci/log/ansiSpans';
import { LogDocument } from '../../../src/core/ci/log/logDocument';
import { extractProblems } from '../../../src/core/ci/log/logProblems';
import { fixture } from './replayServer';

type JobsBody = { jobs: { steps: { name: string; started_at: string }[] }[] };

describe('CI log document', () => {
  it('folds a GitHub job log by step (from step times) with groups inside, annotations marked', () => {
    const steps = fixture<JobsBody>('github/workflow-jobs.json').jobs[0].steps.map((s) => ({ name: s.name, startedAt: Date.parse(s.started_at) }));
    const doc = new LogDocument({ format: 'github', steps });
    doc.append(fixture<string>('github/job-log.json'));
    doc.finish();
    const top = doc.sections.filter((s) => s.depth === 0).map((s) => s.title);
    assert.deepEqual(top, ['Set up job', 'Run actions/checkout@v4', 'Run npm test', 'Complete job']);
    const group = doc.sections.find((s) => s.title === 'Operating System')!;
    assert.equal(group.depth, 1);
    assert.equal(doc.lines[group.startLine].text, 'Operating System');
    assert.equal(doc.lines[group.endLine].text, 'Ubuntu 24.04');
    const npmTest = doc.sections.find((s) => s.title === 'Run npm test' && s.depth === 0)!;
    assert.ok(doc.lines.slice(npmTest.startLine, npmTest.endLine + 1).some((l) => l.text.includes('TS2322')));
    assert.ok(doc.lines.every((l) => !/^\d{4}-\d\d-\d\dT/.test(l.text) && !l.text.includes('\x1b') && !l.text.startsWith('##[')));
    const coloured = doc.lines.find((l) => l.text === 'npm test')!;
    assert.deepEqual(coloured.spans, [{ text: 'npm test', style: { fg: 'cyan', bold: true } }]);
    assert.equal(doc.lines.find((l) => l.text.startsWith('Process completed'))?.level, 'error');
  });

  it('starts every section with a line naming it: a header where the log has none', () => {
    const steps = fixture<JobsBody>('github/workflow-jobs.json').jobs[0].steps.map((s) => ({ name: s.name, startedAt: Date.parse(s.started_at) }));
    const doc = new LogDocument({ format: 'github', steps });
    doc.append(fixture<string>('github/job-log.json'));
    doc.finish();
    const { text, sections } = doc.render();
    const shown = text.split('\n');
    for (const section of sections) assert.ok(shown[section.startLine].includes(section.title), `${section.title} starts with ${JSON.stringify(shown[section.startLine])}`);
    const setUp = sections.find((s) => s.title === 'Set up job')!;
    assert.equal(shown[setUp.startLine], '▸ Set up job');
    assert.equal(shown[setUp.startLine + 1], "Current runner version: '2.321.0'");
    assert.equal(setUp.startLine, 0);
    // Steps whose first line names them get no header; header lines are not the log's.
    assert.deepEqual(
      doc.lines.filter((l) => l.header).map((l) => l.text),
      shown.filter((l) => l.startsWith('▸ ')),
    );
    assert.ok(!shown.includes('▸ Run npm test'));
  });

  it('names an empty step, and never moves a line once taken while the log streams', () => {
    const steps = ['Set up job', 'Skipped', 'Build', 'Complete job'].map((name, i) => ({ name, startedAt: Date.parse(`2026-11-27T10:00:0${i === 1 ? 1 : i * 2}Z`) }));
    const log = ['2026-11-27T10:00:00.5Z Runner ready', '2026-11-27T10:00:04.1Z ##[group]Run make', '2026-11-27T10:00:04.2Z src/a.ts:3:4 - error TS1005: x', '2026-11-27T10:00:04.3Z ##[endgroup]', '2026-11-27T10:00:06.0Z Cleaning up'].join('\n') + '\n';
    const doc = new LogDocument({ format: 'github', steps });
    const seen: string[] = [];
    for (let i = 0; i < log.length; i += 5) {
      doc.append(log.slice(i, i + 5));
      assert.deepEqual(doc.lines.slice(0, seen.length).map((l) => l.text), seen, 'earlier lines stay where they were');
      seen.splice(0, seen.length, ...doc.lines.map((l) => l.text));
    }
    doc.finish();
    assert.deepEqual(
      doc.lines.map((l) => l.text),
      ['▸ Set up job', 'Runner ready', '▸ Skipped', '▸ Build', 'Run make', 'src/a.ts:3:4 - error TS1005: x', '▸ Complete job', 'Cleaning up'],
    );
    assert.deepEqual(
      doc.sections.map((s) => [s.title, s.startLine, s.endLine, s.depth]),
      [
        ['Set up job', 0, 1, 0],
        ['Skipped', 2, 2, 0],
        ['Build', 3, 5, 0],
        ['Run make', 4, 5, 1],
        ['Complete job', 6, 7, 0],
      ],
    );
    // The problem is at its file's position; the headers above shift only document lines.
    assert.deepEqual(
      doc.problems().map((p) => [p.file, p.line, p.column]),
      [['src/a.ts', 3, 4]],
    );
  });

  it('folds GitLab section_start/section_end markers, even two on one line', () => {
    const doc = new LogDocument({ format: 'gitlab' });
    doc.append(fixture<string>('gitlab/job-trace.json'));
    doc.finish();
    assert.deepEqual(
      doc.sections.map((s) => [s.title, s.depth, s.open]),
      [
        ['Preparing the "docker" executor', 0, false],
        ['Getting source from Git repository', 0, false],
        ['Executing "step_script" stage of the job script', 0, false],
      ],
    );
    const script = doc.sections[2];
    assert.deepEqual(
      doc.lines.slice(script.startLine, script.endLine + 1).map((l) => l.text),
      ['Executing "step_script" stage of the job script', '$ npm test', "src/app.ts:12:5 - error TS2322: Type 'string' is not assignable to type 'number'.", '/builds/group/project/src/util.js:3:7: Unexpected var, use let or const instead. [Error/no-var]'],
    );
    assert.ok(doc.lines.every((l) => !l.text.includes('section_') && !l.text.includes('\r')));
    const problems = doc.problems();
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.column, p.severity, p.code]),
      [
        ['src/app.ts', 12, 5, 'error', 'TS2322'],
        ['/builds/group/project/src/util.js', 3, 7, 'error', 'eslint/no-var'],
      ],
    );
  });

  it('folds Jenkins stages and finds ESLint stylish rows and stack frames', () => {
    const doc = new LogDocument({ format: 'jenkins' });
    doc.append(fixture<string>('jenkins/console.json'));
    doc.finish();
    assert.deepEqual(
      doc.sections.map((s) => s.title),
      ['Build', 'Test'],
    );
    const test = doc.sections[1];
    assert.equal(doc.lines[test.startLine].text, '[Pipeline] { (Test)');
    assert.equal(doc.lines[test.endLine].text, '[Pipeline] // stage');
    const problems = doc.problems();
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.column, p.severity]),
      [
        ['/var/jenkins/workspace/team/app/src/index.ts', 10, 3, 'error'],
        ['/var/jenkins/workspace/team/app/src/index.ts', 12, 1, 'warning'],
        ['src/math.test.ts', 8, 19, 'error'],
      ],
    );
    assert.equal(problems[0].code, 'eslint/@typescript-eslint/no-unused-vars');
    assert.equal(problems[2].message, 'FAIL src/math.test.ts');
  });

  it('gives the same document when the text arrives in pieces split mid-line', () => {
    const text = fixture<string>('gitlab/job-trace.json');
    const whole = new LogDocument({ format: 'gitlab' });
    whole.append(text);
    whole.finish();
    const pieces = new LogDocument({ format: 'gitlab' });
    for (let i = 0; i < text.length; i += 7) pieces.append(text.slice(i, i + 7));
    pieces.finish();
    assert.deepEqual(pieces.lines, whole.lines);
    assert.deepEqual(pieces.sections, whole.sections);
  });

  it('cuts a 100 MB log at the cap with one notice, holding no more than the cap', () => {
    const cap = 5 * 1024 * 1024;
    const doc = new LogDocument({ format: 'plain', maxBytes: cap });
    const block = 'y'.repeat(1023) + '\n';
    const megabyte = block.repeat(1024);
    for (let i = 0; i < 100; i++) doc.append(megabyte);
    doc.finish();
    assert.ok(doc.bytes <= cap);
    assert.equal(doc.truncated, true);
    assert.equal(doc.lines.length, cap / 1024);
    assert.deepEqual(
      doc.notices.map((n) => n.kind),
      ['truncated'],
    );
    const rendered = doc.render();
    assert.ok(rendered.text.startsWith('[truncated] '));
    assert.equal(rendered.firstLogLine, 2);
  });

  it('puts an expired notice on top and shifts sections to match', () => {
    const doc = new LogDocument({ format: 'jenkins' });
    doc.addNotice({ kind: 'expired', message: 'gone' });
    doc.append('[Pipeline] { (Build)\nhello\n[Pipeline] // stage\n');
    doc.finish();
    const rendered = doc.render();
    const lines = rendered.text.split('\n');
    assert.equal(lines[0], '[expired] gone');
    assert.equal(lines[rendered.sections[0].startLine], '[Pipeline] { (Build)');
    assert.equal(lines[rendered.sections[0].endLine], '[Pipeline] // stage');
  });
});

describe('ANSI spans', () => {
  it('parses 16, 256 and true colours, bold and reset; drops other escapes', () => {
    const { spans, style } = parseAnsi('\x1b[1;31merr\x1b[0m ok \x1b[38;5;208mo\x1b[48;2;255;0;16mx\x1b[K\x1b]0;title\x07\x1b[39;49m.');
    assert.deepEqual(spans, [
      { text: 'err', style: { bold: true, fg: 'red' } },
      { text: ' ok ', style: {} },
      { text: 'o', style: { fg: 'ansi:208' } },
      { text: 'x', style: { fg: 'ansi:208', bg: '#ff0010' } },
      { text: '.', style: {} },
    ]);
    assert.deepEqual(style, {});
    assert.equal(stripAnsi('\x1b[32;1m$ npm test\x1b[0;m'), '$ npm test');
  });

  it('carries a style across lines until reset', () => {
    const first = parseAnsi('\x1b[33mstart');
    const second = parseAnsi('still yellow\x1b[0m', first.style);
    assert.deepEqual(second.spans, [{ text: 'still yellow', style: { fg: 'yellow' } }]);
    assert.deepEqual(second.style, {});
  });
});

describe('log problems', () => {
  it('reads TypeScript, ESLint unix, stack frames and bare locations; skips library frames; dedupes', () => {
    const problems = extractProblems([
      "src/a.ts(3,9): error TS2304: Cannot find name 'foo'.",
      "src/a.ts(3,9): error TS2304: Cannot find name 'foo'.",
      'lib/b.js:4:2: Missing semicolon. [Warning/semi]',
      'TypeError: cannot read x of undefined',
      '    at run (file:///work/app/src/c.mjs:7:11)',
      '    at node:internal/main/run_main_module:28:49',
      '    at Object.<anonymous> (/work/app/node_modules/mocha/lib/runner.js:1:1)',
      'ERROR in ./src/d.tsx:22:4 something broke',
      'nothing here 12:30 is a time',
    ]);
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.column, p.severity, p.code]),
      [
        ['src/a.ts', 3, 9, 'error', 'TS2304'],
        ['lib/b.js', 4, 2, 'warning', 'eslint/semi'],
        ['/work/app/src/c.mjs', 7, 11, 'error', 'stack'],
        ['src/d.tsx', 22, 4, 'error', 'location'],
      ],
    );
    assert.equal(problems[2].message, 'TypeError: cannot read x of undefined');
    assert.equal(problems[0].endLine, 3);
  });

  it('stops at the maximum count', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `src/x.ts(${i + 1},1): error TS1: e`);
    assert.equal(extractProblems(lines, 10).length, 10);
  });
});

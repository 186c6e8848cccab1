import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevopsError } from '../../../src/core/errors';
import { parseJunit, readJunitReports } from '../../../src/core/pipeline/junitReport';
import { engineFor, tempDir } from './pipelineTestKit';

const mochaStyle = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="Mocha Tests" tests="4" failures="1" skipped="1">
  <testsuite name="math" tests="4" failures="1">
    <testcase name="adds" classname="math" time="0.001"/>
    <testcase name="subtracts" classname="math" time="0.001">
      <failure message="expected 1 to equal 2" type="AssertionError"><![CDATA[AssertionError: expected 1 to equal 2
    at Context.<anonymous> (node:internal/x.js:1:1)
    at Context.<anonymous> (/ws/test/math.test.js:14:12)]]></failure>
    </testcase>
    <testcase name="divides" classname="math"><skipped/></testcase>
    <testcase name="multiplies" classname="math"/>
  </testsuite>
</testsuites>`;

describe('JUnit reports', () => {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => (ws = tempDir('devops-junit-')));
  afterEach(() => ws.remove());

  it('counts passed, failed and skipped, and finds the failing file and line in the stack', async () => {
    const summary = await parseJunit(mochaStyle, 'r.xml', '/ws');
    assert.deepEqual([summary.passed, summary.failed, summary.skipped], [2, 1, 1]);
    assert.deepEqual(summary.failures, [{ name: 'math > subtracts', message: 'expected 1 to equal 2', file: 'test/math.test.js', line: 14 }]);
  });

  it('prefers the file and line attributes a report gives, and counts errors as failures', async () => {
    const xml = '<testsuite name="s"><testcase name="t" file="src/a.py" line="7"><error message="boom"/></testcase></testsuite>';
    assert.deepEqual((await parseJunit(xml, 'r.xml', '/ws')).failures, [{ name: 's > t', message: 'boom', file: 'src/a.py', line: 7 }]);
  });

  it('says clearly when a report is not XML or not JUnit', async () => {
    await assert.rejects(
      parseJunit('Tests passed: 12', 'out/report.xml', '/ws'),
      (e: unknown) => DevopsError.is(e, 'invalid-data') && /^report out\/report\.xml is not XML: /.test(e.message),
    );
    await assert.rejects(
      parseJunit('<coverage lines="5"/>', 'c.xml', '/ws'),
      (e: unknown) => DevopsError.is(e, 'invalid-data') && /not JUnit/.test(e.message),
    );
  });

  it('adds up every report a glob matches', async () => {
    mkdirSync(join(ws.path, 'reports'));
    writeFileSync(join(ws.path, 'reports', 'a.xml'), mochaStyle);
    writeFileSync(join(ws.path, 'reports', 'b.xml'), '<testsuite name="b"><testcase name="ok"/></testsuite>');
    const total = await readJunitReports(['reports/*.xml'], ws.path);
    assert.deepEqual([total.passed, total.failed, total.skipped], [3, 1, 1]);
  });

  it('a stage gets its test counts, and a report that is not XML fails it with the reason', async () => {
    const good = engineFor(ws.path, { test: { run: `mkdir -p r && cat > r/junit.xml <<'X'\n${mochaStyle}\nX\nexit 1`, reports: ['r/junit.xml'] } });
    const run = await good.run();
    assert.equal(run.stages[0]?.status, 'failed');
    assert.equal(run.stages[0]?.reason, 'exited with code 1');
    assert.deepEqual(run.stages[0]?.tests?.failures.map((f) => f.name), ['math > subtracts']);

    const bad = engineFor(ws.path, { test: { run: 'echo "all good" > r/junit.xml', reports: ['r/junit.xml'] } });
    const badRun = await bad.run();
    assert.equal(badRun.stages[0]?.status, 'failed');
    assert.match(badRun.stages[0]?.reason ?? '', /^report r\/junit\.xml is not XML: /);
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineFor, tempDir } from './pipelineTestKit';

describe('stage logs', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => (ws = tempDir('devops-log-')));
  afterEach(() => ws.remove());

  it('a 1,000,000-line output reaches the log whole and in order', async () => {
    const run = await engineFor(ws.path, { many: { run: 'seq 1 1000000' } }).run();
    assert.equal(run.stages[0]?.status, 'succeeded');
    const log = readFileSync(run.stages[0].logFile, 'utf8');
    let expected = '';
    for (let i = 1; i <= 1_000_000; i++) expected += `${i}\n`;
    assert.equal(log.length, expected.length);
    assert.ok(log === expected, 'log content differs from seq 1 1000000');
  });

  it('keeps binary output byte for byte', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    writeFileSync(join(ws.path, 'blob.bin'), bytes);
    const run = await engineFor(ws.path, { binary: { run: 'cat blob.bin' } }).run();
    assert.equal(run.stages[0]?.status, 'succeeded');
    assert.ok(readFileSync(run.stages[0].logFile).equals(bytes));
  });

  it('keeps a single 10 MB line', async () => {
    const run = await engineFor(ws.path, { wide: { run: `node -e "process.stdout.write('x'.repeat(10 * 1024 * 1024) + '\\n')"` } }).run();
    assert.equal(run.stages[0]?.status, 'succeeded');
    const log = readFileSync(run.stages[0].logFile, 'latin1');
    assert.equal(log.length, 10 * 1024 * 1024 + 1);
    assert.match(log, /^x+\n$/);
  });

  it('an unwritable log folder ends the stage with a reason and skips what needs it', async () => {
    writeFileSync(join(ws.path, 'runs'), 'a file where the logs folder should be');
    const engine = engineFor(ws.path, { build: { run: 'touch built' }, test: { run: 'true', needs: ['build'] } }, { runsDir: join(ws.path, 'runs') });
    const run = await engine.run();
    assert.equal(run.stages[0]?.status, 'failed');
    assert.match(run.stages[0]?.reason ?? '', /^could not create the log .*build\.log: ENOTDIR$/);
    assert.equal(run.stages[1]?.status, 'skipped');
  });

  it('a full disk ends the stage with a reason and does not hang the command', async () => {
    const runsDir = join(ws.path, 'runs');
    mkdirSync(join(runsDir, 'fixed-run'), { recursive: true });
    symlinkSync('/dev/full', join(runsDir, 'fixed-run', 'noisy.log'));
    const engine = engineFor(ws.path, { noisy: { run: 'yes devops | head -c 50000000' } }, { runsDir, newRunId: () => 'fixed-run' });
    const run = await engine.run();
    assert.equal(run.stages[0]?.status, 'failed');
    assert.match(run.stages[0]?.reason ?? '', /^could not write the log .*noisy\.log: ENOSPC$/);
  });

  it('earlier logs stay untouched by a later run', async () => {
    const engine = engineFor(ws.path, { say: { run: 'echo "$DEVOPS_RUN_ID"' } });
    const first = await engine.run();
    const second = await engine.run();
    assert.notEqual(first.stages[0].logFile, second.stages[0].logFile);
    assert.equal(readFileSync(first.stages[0].logFile, 'utf8'), `${first.id}\n`);
    assert.ok(statSync(second.stages[0].logFile).size > 0);
  });
});

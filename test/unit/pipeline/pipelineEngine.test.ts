import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevopsError } from '../../../src/core/errors';
import type { StageRun } from '../../../src/core/pipeline/runTypes';
import { liveProcessesWith, waitFor } from '../process/processTable';
import { engineFor, tempDir } from './pipelineTestKit';

const statusOf = (stages: StageRun[]): Record<string, string> => Object.fromEntries(stages.map((s) => [s.name, s.status]));

describe('PipelineEngine', function () {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => (ws = tempDir('devops-engine-')));
  afterEach(() => ws.remove());

  it('runs stages after what they need and records status, times and exit codes', async () => {
    const engine = engineFor(ws.path, {
      build: { run: 'echo built > built.txt' },
      test: { run: 'cat built.txt', needs: ['build'] },
    });
    const run = await engine.run();
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(statusOf(run.stages), { build: 'succeeded', test: 'succeeded' });
    const [build, test] = run.stages as [StageRun, StageRun];
    assert.ok(build.endedAt! <= test.startedAt!, 'test started after build ended');
    assert.equal(test.exitCode, 0);
    assert.equal(test.durationMs, test.endedAt! - test.startedAt!);
    assert.equal(readFileSync(test.logFile, 'utf8'), 'built\n');
    assert.equal(run.who, 'tester');
    assert.ok(test.logFile.startsWith(join(ws.path, '.devops', 'runs', run.id)));
  });

  it('a failed stage skips what needs it, and independent stages still run', async () => {
    const engine = engineFor(ws.path, {
      build: { run: 'echo compiling; exit 2' },
      test: { run: 'touch tested', needs: ['build'] },
      deploy: { run: 'touch deployed', needs: ['test'] },
      lint: { run: 'touch linted' },
    });
    const run = await engine.run();
    assert.equal(run.status, 'failed');
    assert.deepEqual(statusOf(run.stages), { build: 'failed', test: 'skipped', deploy: 'skipped', lint: 'succeeded' });
    assert.equal(run.stages[0]?.reason, 'exited with code 2');
    assert.equal(run.stages[1]?.reason, 'needs "build", which failed');
    assert.equal(run.stages[2]?.reason, 'needs "test", which was skipped');
    assert.ok(!existsSync(join(ws.path, 'tested')));
    assert.ok(existsSync(join(ws.path, 'linted')));
  });

  it('runs independent stages in parallel up to the limit', async () => {
    // Each waits for the other to start: only true parallelism lets both finish.
    const wait = (mine: string, other: string): string => `touch ${mine}; while [ ! -f ${other} ]; do sleep 0.02; done`;
    const engine = engineFor(ws.path, { a: { run: wait('a.on', 'b.on'), timeout: '10s' }, b: { run: wait('b.on', 'a.on'), timeout: '10s' } });
    const run = await engine.run();
    assert.deepEqual(statusOf(run.stages), { a: 'succeeded', b: 'succeeded' });
  });

  it('never runs more stages at once than the limit', async () => {
    // mkdir is atomic: a second stage in the slot at the same time fails.
    const slot = 'mkdir slot && sleep 0.15 && rmdir slot';
    const engine = engineFor(ws.path, { a: { run: slot }, b: { run: slot }, c: { run: slot } }, { parallel: 1 });
    const run = await engine.run();
    assert.deepEqual(statusOf(run.stages), { a: 'succeeded', b: 'succeeded', c: 'succeeded' });
  });

  it('runs only the asked stage unless needs are included', async () => {
    const stages = { build: { run: 'touch built' }, test: { run: 'touch tested', needs: ['build'] } };
    const alone = await engineFor(ws.path, stages).run({ stages: ['test'] });
    assert.deepEqual(statusOf(alone.stages), { test: 'succeeded' });
    assert.ok(!existsSync(join(ws.path, 'built')));
    const withNeeds = await engineFor(ws.path, stages).run({ stages: ['test'], includeNeeds: true });
    assert.deepEqual(statusOf(withNeeds.stages), { build: 'succeeded', test: 'succeeded' });
  });

  it('refuses an unknown stage, a second run at once, and an untrusted workspace', async () => {
    const engine = engineFor(ws.path, { slow: { run: 'sleep 0.3' } });
    await assert.rejects(engine.run({ stages: ['nope'] }), (e: unknown) => DevopsError.is(e, 'not-found'));
    const first = engine.run();
    await assert.rejects(engine.run(), (e: unknown) => DevopsError.is(e, 'conflict'));
    await first;
    const untrusted = engineFor(ws.path, { a: { run: 'touch ran' } }, { isTrusted: () => false });
    await assert.rejects(untrusted.run(), (e: unknown) => DevopsError.is(e, 'untrusted'));
    assert.ok(!existsSync(join(ws.path, 'ran')));
  });

  it('cancel ends the running tree, shows cancelled, skips what waits, leaves no process', async () => {
    const marker = `devops-cancel-${process.pid}-${Date.now()}`;
    const engine = engineFor(ws.path, {
      long: { run: `sh -c 'trap "" TERM; sleep 300; true' ${marker} & sleep 300; true` },
      after: { run: 'touch after', needs: ['long'] },
    });
    const changes: string[] = [];
    engine.onDidChangeStage(({ stage }) => changes.push(`${stage.name}:${stage.status}`));
    const done = engine.run();
    assert.ok(await waitFor(() => liveProcessesWith(marker).length > 0, 5000));
    assert.equal(engine.cancel(), true);
    const run = await done;
    assert.equal(run.status, 'cancelled');
    assert.deepEqual(statusOf(run.stages), { long: 'cancelled', after: 'skipped' });
    assert.equal(run.stages[0]?.reason, 'cancelled');
    assert.deepEqual(liveProcessesWith(marker), []);
    assert.deepEqual(changes, ['long:running', 'long:cancelled', 'after:skipped']);
  });

  it('rerun failed runs only the stages that did not succeed', async () => {
    const stages = { build: { run: 'echo x >> builds' }, test: { run: 'test -f fixed', needs: ['build'] }, report: { run: 'echo r >> reports', needs: ['test'] } };
    const engine = engineFor(ws.path, stages);
    const first = await engine.run();
    assert.deepEqual(statusOf(first.stages), { build: 'succeeded', test: 'failed', report: 'skipped' });
    writeFileSync(join(ws.path, 'fixed'), '');
    const second = await engine.rerunFailed(first);
    assert.deepEqual(statusOf(second.stages), { test: 'succeeded', report: 'succeeded' });
    assert.equal(readFileSync(join(ws.path, 'builds'), 'utf8'), 'x\n', 'build ran once');
  });

  it('ends a stage that never ends at its timeout and says so', async () => {
    const run = await engineFor(ws.path, { hang: { run: 'sleep 300', timeout: '200ms' } }).run();
    assert.equal(run.stages[0]?.status, 'failed');
    assert.equal(run.stages[0]?.reason, 'timed out after 200ms');
  });

  it('names a command that does not exist', async () => {
    const run = await engineFor(ws.path, { build: { run: 'no-such-build-tool --all' } }).run();
    assert.equal(run.stages[0]?.status, 'failed');
    assert.equal(run.stages[0]?.exitCode, 127);
    assert.equal(run.stages[0]?.reason, 'command not found: no-such-build-tool');
  });

  it('passes env and cwd, and streams output events', async () => {
    const engine = engineFor(ws.path, { env: { run: 'mkdir -p sub && cd . && echo "$GREETING $DEVOPS_STAGE"', env: { GREETING: 'hi' } } });
    const seen: string[] = [];
    engine.onDidOutput((o) => seen.push(`${o.stage}:${o.chunk.toString()}`));
    const run = await engine.run();
    assert.deepEqual(seen, ['env:hi env\n']);
    assert.equal(readFileSync(run.stages[0].logFile, 'utf8'), 'hi env\n');
  });
});

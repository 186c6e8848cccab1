import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunHistory } from '../../../src/core/pipeline/runHistory';
import type { PipelineRun } from '../../../src/core/pipeline/runTypes';
import { engineFor, tempDir } from './pipelineTestKit';

function fakeRun(i: number): PipelineRun {
  return {
    id: `run-${i}`,
    status: i % 3 === 0 ? 'failed' : 'succeeded',
    startedAt: 1_700_000_000_000 + i * 1000,
    endedAt: 1_700_000_000_500 + i * 1000,
    commit: `c${i}`,
    branch: 'main',
    who: 'ana',
    requested: [],
    stages: [{ name: 'build', kind: 'run', status: 'succeeded', logFile: `/tmp/${i}.log`, startedAt: 1, endedAt: 2, durationMs: 1, exitCode: 0 }],
  };
}

describe('RunHistory', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('devops-history-')));
  afterEach(() => dir.remove());

  it('keeps the last 50 runs, newest first, across restarts', async () => {
    const file = join(dir.path, 'history.json');
    const history = new RunHistory(file);
    for (let i = 1; i <= 60; i++) await history.add(fakeRun(i));
    const reloaded = await new RunHistory(file).load();
    assert.equal(reloaded.length, 50);
    assert.equal(reloaded[0]?.id, 'run-60');
    assert.equal(reloaded[49]?.id, 'run-11');
    assert.deepEqual(reloaded[0], fakeRun(60));
    assert.deepEqual(readdirSync(dir.path), ['history.json'], 'no temp file left behind');
  });

  it('records a real run with commit, branch, who, result and stages', async () => {
    const file = join(dir.path, 'history.json');
    const engine = engineFor(dir.path, { build: { run: 'true' }, test: { run: 'false', needs: ['build'] } });
    const history = new RunHistory(file);
    const changes: number[] = [];
    history.onDidChange((runs) => changes.push(runs.length));
    const run = await engine.run();
    await history.add(run);
    const [saved] = await new RunHistory(file).load();
    assert.equal(saved?.status, 'failed');
    assert.deepEqual([saved?.commit, saved?.branch, saved?.who], ['abc123', 'main', 'tester']);
    assert.deepEqual(saved?.stages.map((s) => s.status), ['succeeded', 'failed']);
    assert.deepEqual(changes, [1]);
  });

  it('sets a corrupt file aside with a warning instead of losing it', async () => {
    const file = join(dir.path, 'history.json');
    writeFileSync(file, '{"version":1,"runs":[{"id":');
    const warnings: string[] = [];
    const history = new RunHistory(file, { onWarning: (m) => warnings.push(m) });
    assert.deepEqual(await history.load(), []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /could not be read \(not JSON/);
    const aside = readdirSync(dir.path).find((f) => f.startsWith('history.json.corrupt-'));
    assert.ok(aside);
    assert.equal(readFileSync(join(dir.path, aside), 'utf8'), '{"version":1,"runs":[{"id":');
    await history.add(fakeRun(1));
    assert.equal((await new RunHistory(file).load()).length, 1);
  });

  it('treats JSON of the wrong shape as corrupt too', async () => {
    const file = join(dir.path, 'history.json');
    writeFileSync(file, JSON.stringify({ version: 1, runs: [{ id: 5 }] }));
    const warnings: string[] = [];
    await new RunHistory(file, { onWarning: (m) => warnings.push(m) }).load();
    assert.match(warnings[0] ?? '', /unexpected content at runs\.0\.id/);
  });

  it("two history instances on one file (editor and CLI) keep each other's runs", async () => {
    const file = join(dir.path, 'history.json');
    const a = new RunHistory(file);
    const b = new RunHistory(file);
    await a.add(fakeRun(1));
    await b.add(fakeRun(2));
    await a.add(fakeRun(3));
    assert.deepEqual((await new RunHistory(file).load()).map((r) => r.id), ['run-3', 'run-2', 'run-1']);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { signalGroup } from '../../../src/backends/process/processGroup';
import { DevopsError } from '../../../src/core/errors';
import { describeExit } from '../../../src/core/pipeline/exitReason';
import type { RunningProcess } from '../../../src/core/ports';
import { liveProcessesWith, waitFor } from './processTable';

function collect(proc: RunningProcess): { out: () => string; err: () => string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  proc.onStdout((c) => out.push(c));
  proc.onStderr((c) => err.push(c));
  return { out: () => Buffer.concat(out).toString(), err: () => Buffer.concat(err).toString() };
}

// A tree of shell → child shell → grandchildren that ignore SIGTERM, each tagged with marker.
function stubbornTree(marker: string): string {
  return `sh -c 'trap "" TERM; sleep 300 # ${marker}-grandchild' & sh -c 'sleep 300 # ${marker}-grandchild' & trap "" TERM; sleep 300 # ${marker}`;
}

describe('NodeProcessRunner', function () {
  let dir: string;
  const markers: string[] = [];
  let markerCount = 0;
  const newMarker = (): string => {
    const m = `devops-test-${process.pid}-${Date.now()}-${markerCount++}`;
    markers.push(m);
    return m;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'devops-runner-'))));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const marker of markers.splice(0)) for (const p of liveProcessesWith(marker)) signalGroup(p.pgid, 'SIGKILL');
  });

  it('refuses to start anything in an untrusted workspace', () => {
    const runner = new NodeProcessRunner({ isTrusted: () => false });
    assert.throws(
      () => runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'echo hi', cwd: dir }),
      (e: unknown) => DevopsError.is(e, 'untrusted'),
    );
  });

  it('starts an argument list without a shell, so shell syntax in an argument stays text', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const args = ['-e', 'process.stdout.write(JSON.stringify([process.argv[1], process.env.RUN_ID, process.env.FROM_CONFIG]))', '$(touch pwned); `touch pwned2`'];
    const proc = runner.start({ purpose: { kind: 'internal' }, file: process.execPath, args, cwd: dir, env: { FROM_CONFIG: 'config', RUN_ID: 'config' }, contextEnv: { RUN_ID: 'product' } });
    const output = collect(proc);
    assert.equal((await proc.exited).code, 0);
    assert.deepEqual(JSON.parse(output.out()), ['$(touch pwned); `touch pwned2`', 'product', 'config'], 'the product\'s variables win over devops.yaml\'s');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('says which program is missing, apart from a missing folder', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const missing = runner.start({ purpose: { kind: 'internal' }, file: 'devops-no-such-program', args: [], cwd: dir });
    await assert.rejects(missing.exited, (e: unknown) => DevopsError.is(e, 'not-found') && /devops-no-such-program was not found/.test(e.message));
    const nowhere = runner.start({ purpose: { kind: 'internal' }, file: 'git', args: ['status'], cwd: join(dir, 'gone') });
    await assert.rejects(nowhere.exited, (e: unknown) => DevopsError.is(e, 'not-found') && /working directory does not exist/.test(e.message));
  });

  it('runs a shell command line in cwd with merged env and separate streams', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'echo "$GREETING from $(pwd)"; echo oops >&2; exit 3', cwd: dir, env: { GREETING: 'hello' } });
    const output = collect(proc);
    const exit = await proc.exited;
    assert.equal(exit.code, 3);
    assert.equal(exit.endedBy, undefined);
    assert.equal(output.out(), `hello from ${dir}\n`);
    assert.equal(output.err(), 'oops\n');
    assert.ok(typeof process.env.PATH === 'string');
    assert.equal(describeExit(exit, 'x'), 'exited with code 3');
  });

  it('keeps the runner environment under the extra variables', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'echo "$PATH"', cwd: dir, env: { EXTRA: '1' } });
    const output = collect(proc);
    await proc.exited;
    assert.equal(output.out().trim(), process.env.PATH);
  });

  it('says "command not found" for a program that does not exist', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const command = 'definitely-not-a-command-xyz --flag';
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command, cwd: dir });
    const exit = await proc.exited;
    assert.equal(exit.code, 127);
    assert.equal(describeExit(exit, command), 'command not found: definitely-not-a-command-xyz');
  });

  it('rejects with not-found when the working directory does not exist', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'true', cwd: join(dir, 'missing') });
    await assert.rejects(proc.exited, (e: unknown) => DevopsError.is(e, 'not-found'));
  });

  it('abort ends the whole tree, grandchildren that ignore SIGTERM included', async () => {
    const marker = newMarker();
    const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 300 });
    const controller = new AbortController();
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: stubbornTree(marker), cwd: dir, signal: controller.signal });
    assert.ok(await waitFor(() => liveProcessesWith(marker).length >= 3, 5000), 'the tree started');
    assert.ok(liveProcessesWith(marker).every((p) => p.pgid === proc.pid), 'the tree shares one process group');
    controller.abort();
    const exit = await proc.exited;
    assert.equal(exit.endedBy, 'abort');
    assert.equal(exit.signal, 'SIGKILL', 'the shell ignored SIGTERM, so SIGKILL ended it');
    assert.deepEqual(liveProcessesWith(marker, proc.pid), []);
    assert.equal(describeExit(exit, 'x'), 'cancelled');
  });

  it('a timeout ends the tree and says after how long', async () => {
    const marker = newMarker();
    const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 200 });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: `sleep 300 # ${marker}`, cwd: dir, timeoutMs: 150 });
    const exit = await proc.exited;
    assert.equal(exit.endedBy, 'timeout');
    assert.equal(exit.signal, 'SIGTERM');
    assert.deepEqual(liveProcessesWith(marker, proc.pid), []);
    assert.equal(describeExit(exit, 'sleep', 150), 'timed out after 150ms');
  });

  it('ends background jobs the shell left behind when it exits', async () => {
    const marker = newMarker();
    const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 200 });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: `sh -c 'sleep 300; true' ${marker} & echo started`, cwd: dir });
    const output = collect(proc);
    const exit = await proc.exited;
    assert.equal(exit.code, 0);
    assert.equal(output.out(), 'started\n');
    assert.deepEqual(liveProcessesWith(marker, proc.pid), []);
  });

  it('refuses a signal that is already aborted', () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    assert.throws(
      () => runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'true', cwd: dir, signal: AbortSignal.abort() }),
      (e: unknown) => DevopsError.is(e, 'cancelled'),
    );
  });

  it('pause holds output back and resume delivers all of it in order', async () => {
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'seq 1 200000', cwd: dir });
    const chunks: Buffer[] = [];
    let paused = 0;
    proc.onStdout((c) => {
      chunks.push(c);
      if (chunks.length % 5 === 0) {
        paused++;
        proc.pause();
        setTimeout(() => proc.resume(), 2);
      }
    });
    await proc.exited;
    assert.ok(paused > 0);
    const lines = Buffer.concat(chunks).toString().trimEnd().split('\n');
    assert.equal(lines.length, 200000);
    assert.equal(lines[199999], '200000');
  });
});

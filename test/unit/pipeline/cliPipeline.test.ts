import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { readDeployRecords } from '../../../src/backends/pipeline/local/deployAudit';
import { RunHistory } from '../../../src/core/pipeline/runHistory';
import type { RunningProcess } from '../../../src/core/ports';
import { tempDir } from './pipelineTestKit';

const cli = resolve(__dirname, '../../fixtures/pipeline/pipelineCli.js');
const runner = new NodeProcessRunner({ isTrusted: () => true });

async function devopsLoop(cwd: string, args: string): Promise<{ code: number | null; out: string; err: string }> {
  return finish(runner.start({ purpose: { kind: 'stage', source: 'test' }, command: `"${process.execPath}" "${cli}" ${args}`, cwd }));
}

async function finish(proc: RunningProcess): Promise<{ code: number | null; out: string; err: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  proc.onStdout((c) => out.push(c));
  proc.onStderr((c) => err.push(c));
  const exit = await proc.exited;
  return { code: exit.code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
}

const config = `version: 1
pipeline:
  parallel: 2
  stages:
    build:
      run: echo compiled
    test:
      run: echo "testing"; exit 3
      needs: [build]
environments:
  staging:
    deploy: i=0; while [ ! -e go ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; echo "deploying $DEVOPS_VERSION" >> deploys.txt
  production:
    deploy: echo prod >> deploys.txt
    protected: true
`;

describe('devops-loop run / deploy', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => {
    ws = tempDir('devops-cli-');
    writeFileSync(join(ws.path, 'devops.yaml'), config);
    writeFileSync(join(ws.path, 'package.json'), '{"version":"0.3.0"}');
  });
  afterEach(() => ws.remove());

  it('run prints prefixed output and a summary, exits 1 on a failed stage, and records history', async () => {
    const result = await devopsLoop(ws.path, 'run');
    assert.equal(result.code, 1);
    assert.equal(result.out, 'build | compiled\ntest | testing\n');
    assert.match(result.err, /✔ build +succeeded/);
    assert.match(result.err, /✖ test +failed .* exited with code 3\n {4}log: \.devops\/runs\/.*\/test\.log/);
    const [saved] = await new RunHistory(join(ws.path, '.devops', 'history.json')).load();
    assert.deepEqual(saved?.stages.map((s) => s.status), ['succeeded', 'failed']);
  });

  it('run of one stage exits 0 and usage errors exit 2', async () => {
    assert.equal((await devopsLoop(ws.path, 'run build')).code, 0);
    const unknown = await devopsLoop(ws.path, 'run nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no stage named "nope"/);
  });

  it('deploy to a protected environment needs --confirm naming it', async () => {
    const refused = await devopsLoop(ws.path, 'deploy production');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /protected environment: rerun with --confirm production/);
    assert.equal((await devopsLoop(ws.path, 'deploy production --confirm staging')).code, 2);
    const confirmed = await devopsLoop(ws.path, 'deploy production --confirm production');
    assert.equal(confirmed.code, 0, confirmed.err);
    assert.equal(readFileSync(join(ws.path, 'deploys.txt'), 'utf8'), 'prod\n');
  });

  // The staging deploy waits for a file named "go": the race is decided while the winner
  // still holds the lock, however slowly the two processes start on a loaded machine.
  async function raceTwoDeploys(): Promise<{ code: number | null; out: string; err: string }[]> {
    const command = `"${process.execPath}" "${cli}" deploy staging`;
    const start = (): RunningProcess => runner.start({ purpose: { kind: 'stage', source: 'test' }, command, cwd: ws.path });
    const racers = [finish(start()), finish(start())];
    await Promise.race(racers);
    writeFileSync(join(ws.path, 'go'), '');
    return Promise.all(racers);
  }

  it('two deploys started within 50 ms: exactly one runs, the other names it', async () => {
    const results = await raceTwoDeploys();
    assert.deepEqual(results.map((r) => r.code).sort(), [0, 1], results.map((r) => r.err).join('\n'));
    assert.equal(readFileSync(join(ws.path, 'deploys.txt'), 'utf8'), 'deploying 0.3.0\n');
    const loser = results.find((r) => r.code === 1);
    assert.match(loser?.err ?? '', /a deploy to "staging" is already running: pid \d+ on /);
    const { records } = await readDeployRecords(join(ws.path, '.devops', 'deploys.jsonl'));
    assert.deepEqual(records.map((r) => r.result), ['succeeded']);
  });

  it('two deploys racing to recover the same stale lock: exactly one runs', async () => {
    const dead = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'true', cwd: ws.path });
    await dead.exited;
    mkdirSync(join(ws.path, '.devops', 'locks'), { recursive: true });
    writeFileSync(join(ws.path, '.devops', 'locks', 'deploy-staging.lock'), JSON.stringify({ pid: dead.pid, host: hostname(), startedAt: 1, who: 'crashed', environment: 'staging', token: 'stale' }));
    const results = await raceTwoDeploys();
    assert.deepEqual(results.map((r) => r.code).sort(), [0, 1], results.map((r) => r.err).join('\n'));
    assert.equal(readFileSync(join(ws.path, 'deploys.txt'), 'utf8'), 'deploying 0.3.0\n');
  });
});

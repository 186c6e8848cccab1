import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { readDeployRecords } from '../../../src/backends/pipeline/local/deployAudit';
import { acquireDeployLock } from '../../../src/backends/pipeline/local/deployLock';
import { createLocalPipeline } from '../../../src/backends/pipeline/local/localPipeline';
import { DevopsError } from '../../../src/core/errors';
import type { EnvironmentState } from '../../../src/core/pipeline/environmentsModel';
import { configOf, tempDir } from './pipelineTestKit';

function pipelineFor(workspace: string, environments: Record<string, unknown>, stages: Record<string, unknown> = {}) {
  const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 300 });
  const config = configOf({ environments, pipeline: { stages } });
  return createLocalPipeline({ workspace, config, runner, isTrusted: () => true });
}

async function deadPid(): Promise<number> {
  const proc = new NodeProcessRunner({ isTrusted: () => true }).start({ purpose: { kind: 'stage', source: 'test' }, command: 'true', cwd: '/' });
  await proc.exited;
  return proc.pid;
}

describe('deploys', function () {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => {
    ws = tempDir('devops-deploy-');
    writeFileSync(join(ws.path, 'package.json'), '{"version":"2.4.0"}');
  });
  afterEach(() => ws.remove());

  it('a deploy stage runs the environment command with version, appends an audit record, updates the environment', async () => {
    const pipeline = pipelineFor(ws.path, { staging: { deploy: 'echo "$DEVOPS_ENVIRONMENT $DEVOPS_VERSION"', url: 'http://127.0.0.1:1/' } }, { ship: { kind: 'deploy', environment: 'staging' } });
    await pipeline.load();
    const seen: EnvironmentState[] = [];
    pipeline.environments.onDidChange((s) => seen.push(structuredClone(s)));
    const run = await pipeline.run();
    assert.equal(run.stages[0]?.status, 'succeeded', run.stages[0]?.reason);
    assert.equal(run.stages[0]?.reason, 'deployed 2.4.0 to staging');
    assert.equal(readFileSync(run.stages[0].logFile, 'utf8'), 'staging 2.4.0\n');
    const { records } = await readDeployRecords(join(ws.path, '.devops', 'deploys.jsonl'));
    assert.equal(records.length, 1);
    assert.deepEqual([records[0]?.environment, records[0]?.version, records[0]?.result, records[0]?.runId, records[0]?.host], ['staging', '2.4.0', 'succeeded', run.id, hostname()]);
    assert.equal(pipeline.environments.get('staging')?.deployed?.version, '2.4.0');
    assert.ok(seen[0]?.running, 'running shown first');
    assert.equal(seen.at(-1)?.running, undefined);
    const reloaded = pipelineFor(ws.path, { staging: { deploy: 'true' } });
    await reloaded.load();
    assert.equal(reloaded.environments.get('staging')?.history.length, 1);
    pipeline.dispose();
  });

  it('a protected environment is refused without a confirmation naming it', async () => {
    const pipeline = pipelineFor(ws.path, { production: { deploy: 'touch deployed', protected: true } }, { ship: { kind: 'deploy', environment: 'production' } });
    await assert.rejects(pipeline.run(), (e: unknown) => DevopsError.is(e, 'forbidden'));
    await assert.rejects(
      pipeline.deployer.deploy({ environment: 'production', version: '1', who: 'x', confirmation: { environment: 'staging' }, log: undefined as never, onOutput: () => undefined, signal: new AbortController().signal }),
      (e: unknown) => DevopsError.is(e, 'forbidden') && e.message.includes('--confirm production'),
    );
    const run = await pipeline.run({ confirmedEnvironments: ['production'] });
    assert.equal(run.stages[0]?.status, 'succeeded');
  });

  it('a second deploy to the same environment is refused, naming the running one', async () => {
    const lockFile = join(ws.path, '.devops', 'locks', 'deploy-staging.lock');
    const held = await acquireDeployLock(lockFile, { environment: 'staging', who: 'ana', startedAt: Date.now(), version: '2.3.0' });
    const pipeline = pipelineFor(ws.path, { staging: { deploy: 'touch deployed' } }, { ship: { kind: 'deploy', environment: 'staging' } });
    const run = await pipeline.run();
    assert.equal(run.stages[0]?.status, 'failed');
    assert.match(run.stages[0]?.reason ?? '', new RegExp(`^a deploy to "staging" is already running: pid ${process.pid} on ${hostname()}, by ana, since .*, version 2\\.3\\.0$`));
    await held.release();
    assert.equal((await pipeline.run()).stages[0]?.status, 'succeeded');
  });

  it('a lock met while another deploy writes it gets the same one sentence as a running one', async () => {
    // What a second deploy saw in the flaky run of issue 11: the lock file there, its content not yet.
    const lockDir = join(ws.path, '.devops', 'locks');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(join(lockDir, 'deploy-staging.lock'), '');
    await assert.rejects(acquireDeployLock(join(lockDir, 'deploy-staging.lock'), { environment: 'staging', who: 'me', startedAt: 2 }), (e: unknown) => {
      assert.ok(DevopsError.is(e, 'conflict'), String(e));
      assert.match(e.message, /^a deploy to "staging" is already running: lock .*deploy-staging\.lock, whose holder could not be read$/);
      return true;
    });
  });

  it('recovers a lock left by a process that died', async () => {
    const lockDir = join(ws.path, '.devops', 'locks');
    mkdirSync(lockDir, { recursive: true });
    const pid = await deadPid();
    writeFileSync(join(lockDir, 'deploy-staging.lock'), JSON.stringify({ pid, host: hostname(), startedAt: 1, who: 'crashed', environment: 'staging', token: 'old' }));
    const pipeline = pipelineFor(ws.path, { staging: { deploy: 'echo ok' } }, { ship: { kind: 'deploy', environment: 'staging' } });
    const run = await pipeline.run();
    assert.equal(run.stages[0]?.status, 'succeeded', run.stages[0]?.reason);
  });

  it('keeps a lock held on another host: its pid cannot be checked from here', async () => {
    const lockDir = join(ws.path, '.devops', 'locks');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(join(lockDir, 'deploy-staging.lock'), JSON.stringify({ pid: await deadPid(), host: 'elsewhere', startedAt: 1, who: 'bo', environment: 'staging', token: 't' }));
    await assert.rejects(acquireDeployLock(join(lockDir, 'deploy-staging.lock'), { environment: 'staging', who: 'me', startedAt: 2 }), (e: unknown) => DevopsError.is(e, 'conflict') && /on elsewhere, by bo/.test(e.message));
  });

  it('a failed deploy is audited as failed and does not change what is deployed', async () => {
    const pipeline = pipelineFor(ws.path, { staging: { deploy: 'exit 4' } }, { ship: { kind: 'deploy', environment: 'staging' } });
    await pipeline.load();
    const run = await pipeline.run();
    assert.equal(run.stages[0]?.reason, 'exited with code 4');
    assert.equal(pipeline.environments.get('staging')?.last?.result, 'failed');
    assert.equal(pipeline.environments.get('staging')?.deployed, undefined);
  });
});

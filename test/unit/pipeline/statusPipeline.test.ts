import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendDeployRecord } from '../../../src/backends/pipeline/local/deployAudit';
import { pipelineStateFiles } from '../../../src/backends/pipeline/local/localPipeline';
import { statusCommand } from '../../../src/cli/commands/status';
import type { DeployRecord } from '../../../src/core/pipeline/deployTypes';
import { RunHistory } from '../../../src/core/pipeline/runHistory';
import type { PipelineRun } from '../../../src/core/pipeline/runTypes';

// `devops-loop status` reads the pipeline's last run and each environment's last deploy
// from the same files the runner writes.
describe('devops-loop status: the pipeline section', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-status-pipeline-'));
    writeFileSync(join(dir, 'devops.yaml'), 'version: 1\npipeline:\n  stages:\n    build: { run: "true" }\nenvironments:\n  staging: {}\n  production: { protected: true }\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function status(args: string[] = [dir]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await statusCommand.run(args, { out: (t) => void (out += t), err: () => undefined });
    return { code, out };
  }

  function run(status: PipelineRun['status'], startedAt: number): PipelineRun {
    const stage = { name: 'build', kind: 'run' as const, logFile: join(dir, 'build.log'), status: status === 'failed' ? ('failed' as const) : ('succeeded' as const) };
    return { id: `run-${startedAt}`, status, startedAt, endedAt: startedAt + 1000, commit: 'abcdef1234567', branch: 'main', who: 'dana', requested: [], stages: [stage] };
  }

  function deploy(environment: string, result: DeployRecord['result'], at: string, version: string): DeployRecord {
    return { environment, at, who: 'dana', version, commit: 'abcdef1234567', result, durationMs: 900, host: 'h', pid: 1 };
  }

  it('says there are no runs yet and exits 0 on a fresh workspace', async () => {
    const { code, out } = await status();
    assert.equal(code, 0, out);
    assert.match(out, /^Pipeline: no runs yet$/m);
    assert.match(out, /staging .* never deployed/);
  });

  it('shows the last run and each environment, and exits 1 when the last run failed', async () => {
    const files = pipelineStateFiles(dir);
    const history = new RunHistory(files.history);
    await history.add(run('succeeded', 1_000));
    await history.add(run('failed', 2_000));
    await appendDeployRecord(files.deploys, deploy('staging', 'succeeded', '2026-11-27T10:00:00.000Z', '1.2.0'));
    await appendDeployRecord(files.deploys, deploy('staging', 'failed', '2026-11-27T11:00:00.000Z', '1.3.0'));
    await appendDeployRecord(files.deploys, deploy('production', 'succeeded', '2026-11-27T09:00:00.000Z', '1.1.0'));
    const { code, out } = await status();
    assert.equal(code, 1, out);
    assert.match(out, /^Pipeline: last run, staging failed$/m);
    assert.match(out, /DOWN +last run .*failed .* on main@abcdef1 by dana failed: build/);
    assert.match(out, /DOWN +staging .*1\.3\.0 \(abcdef1\) failed/);
    assert.match(out, /up +production .*1\.1\.0/);
  });

  it('exits 0 once the last run and deploys succeeded; --json carries the section', async () => {
    const files = pipelineStateFiles(dir);
    await new RunHistory(files.history).add(run('succeeded', 3_000));
    await appendDeployRecord(files.deploys, deploy('staging', 'succeeded', '2026-11-27T12:00:00.000Z', '1.4.0'));
    const { code, out } = await status([dir, '--json']);
    assert.equal(code, 0, out);
    const parsed = JSON.parse(out) as { ok: boolean; sections: { name: string; summary: string; items: { name: string; state: string }[] }[] };
    const pipeline = parsed.sections.find((s) => s.name === 'pipeline');
    assert.equal(pipeline?.summary, 'last run succeeded');
    assert.deepEqual(pipeline?.items.map((i) => `${i.name}:${i.state}`), ['last run:up', 'staging:up', 'production:unknown']);
  });
});

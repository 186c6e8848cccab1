import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceLine } from '../../../src/cli/commands/services';
import { bundleCli, type CliBundle } from '../cli/cliBundle';
import { waitFor } from '../monitor/waitFor';
import { dockerSuite, type DockerHarness } from './dockerHarness';

// `devops-loop services`, `scale` and `logs` as they ship (the bundled CLI in a child
// process) against a real dockerd, with a devops.yaml that binds services to what runs.

describe('devops-loop services, scale and logs on a real engine', function () {
  this.timeout(120_000);
  let harness: DockerHarness;
  let cli: CliBundle;
  let dir: string;
  let run: string;

  const suite = dockerSuite();

  before(async () => {
    harness = suite.harness;
    cli = await bundleCli();
    run = `dl${harness.runLabel[1]}`;
    dir = mkdtempSync(join(tmpdir(), 'devops-engine-cli-'));
    const labels = (n: number): Record<string, string> => ({ 'com.docker.compose.project': run, 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': String(n) });
    await harness.runContainer(`${run}-web-1`, labels(1));
    await harness.runContainer(`${run}-adhoc`, {});
    await harness.createService(`${run}_api`, 2, { 'com.docker.stack.namespace': run });
    writeFileSync(
      join(dir, 'devops.yaml'),
      [
        'version: 1',
        'engines:',
        `  docker: { host: "unix://${harness.socket}" }`,
        'services:',
        '  web:',
        `    runsOn: { compose: ${run}/web }`,
        '  api:',
        `    runsOn: { swarm: ${run}_api }`,
        '  docs:',
        '    url: http://127.0.0.1:8000',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await cli?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function services(): Promise<ServiceLine[]> {
    const result = await cli.run(dir, 'services', '--json');
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as { services: ServiceLine[] }).services;
  }

  it('services --json lists declared services with their live state, and what runs undeclared', async () => {
    let lines: ServiceLine[] = [];
    for (let attempt = 0; attempt < 60; attempt++) {
      lines = await services();
      if (lines.find((l) => l.name === 'api')?.replicas?.ready === 2 && lines.find((l) => l.name === 'web')?.health === 'healthy') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const byName = new Map(lines.map((l) => [l.name, l]));
    assert.deepEqual(pick(byName.get('web')), { name: 'web', engine: 'docker', state: 'running', health: 'healthy', replicas: { desired: 1, ready: 1 }, declared: true });
    assert.deepEqual(pick(byName.get('api')), { name: 'api', engine: 'docker', state: 'running', health: 'healthy', replicas: { desired: 2, ready: 2 }, declared: true });
    assert.deepEqual(pick(byName.get('docs')), { name: 'docs', engine: null, state: 'unknown', health: 'none', replicas: null, declared: true });
    assert.equal(byName.get('api')?.group, run);
    assert.deepEqual(pick(byName.get(`${run}-adhoc`)), { name: `${run}-adhoc`, engine: 'docker', state: 'running', health: 'healthy', replicas: null, declared: false });
    assert.ok(!lines.some((l) => l.id === `docker/swarm-service/${run}/${run}_api` && !l.declared), 'a bound workload is listed once, under its declared name');
    const text = await cli.run(dir, 'services');
    assert.match(text.stdout, /^NAME +ENGINE +STATE +HEALTH +READY +WHAT$/m);
    assert.match(text.stdout, new RegExp(`^api +docker +running +healthy +2/2 +swarm-service in ${run}; declared$`, 'm'));
  });

  it('scale needs --confirm with the same name, then sets the replicas', async () => {
    const unconfirmed = await cli.run(dir, 'scale', 'api', '3');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, new RegExp(`this would scale api \\(docker/swarm-service/${run}/${run}_api, 2/2 ready\\) to 3; rerun with --confirm api`));
    const wrong = await cli.run(dir, 'scale', 'api', '3', '--confirm', 'web');
    assert.equal(wrong.code, 2);
    const single = await cli.run(dir, 'scale', 'docs', '2', '--confirm', 'docs');
    assert.match(single.stderr, /docs has no live workload to scale: it runs on no engine/);
    const done = await cli.run(dir, 'scale', 'api', '3', '--confirm', 'api');
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /Scaled api .* from 2 to 3 replicas/);
    assert.deepEqual((await services()).find((l) => l.name === 'api')?.replicas?.desired, 3);
  });

  it('logs follows the containers of a service bound with runsOn until Ctrl+C', async () => {
    const child = spawn(process.execPath, [cli.cli, 'logs', 'web', '--no-color'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => /err \d+/.test(stdout) && /out \d+/.test(stdout), `log lines; stderr: ${stderr}`, 20_000);
    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, new RegExp(`^web:${run}-web-1 \\| +out \\d+$`, 'm'));
  });

  it('says clearly when the engine is not running, and keeps the declared services listed', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'devops-engine-cli-down-'));
    try {
      writeFileSync(join(elsewhere, 'devops.yaml'), `version: 1\nengines:\n  docker: { host: "unix:///tmp/devops-no-engine-${process.pid}.sock" }\nservices:\n  web: { runsOn: { compose: web } }\n`);
      const result = await cli.run(elsewhere, 'services', '--json');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /docker: the Docker engine is not running: there is no socket at \/tmp\/devops-no-engine-/);
      const parsed = JSON.parse(result.stdout) as { services: ServiceLine[]; engines: { stale: boolean; error: { reason: string } }[] };
      assert.deepEqual(pick(parsed.services[0]), { name: 'web', engine: 'docker', state: 'not-found', health: 'none', replicas: null, declared: true });
      assert.equal(parsed.engines[0].error.reason, 'unavailable');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

function pick(line: ServiceLine | undefined): Partial<ServiceLine> | undefined {
  if (!line) return undefined;
  const { name, engine, state, health, replicas, declared } = line;
  return { name, engine, state, health, replicas, declared };
}

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { freePort } from '../../../unit/engines/registryHarness';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { answerApprovals, failures } from '../empty/recordedPrompts';
import { allRows, rowById } from './servicesViewRows';

// The demo as `npm start` runs it on Docker, seen in the Services view: a copy of demo/ that
// keeps its `engines` and `runsOn` (under a project name of this run's own, so a user's demo
// on the same engine is not touched) runs demo/scripts/engines.js; its declared services
// show their containers, healthy, below them, the Swarm stack has the api at 2/2, and stop
// removes every container, service and network it made, and the rows go with them. Release →
// Deploy as the README tells it: Run Stage of the manual image stage pushes the shop's web
// image to the registry engines.js starts (its port moved by DEVOPS_DEMO_PORT_BASE, away from
// a user's demo), Deploy to `stack` rolls it to the stack's web service, and the environment
// row shows the version released. With no engine at all the services keep their probes by URL
// and each binding row, and the `stack` environment's, says how to get one.

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
const SERVICES = ['web', 'api', 'store'];

interface DemoPorts {
  shiftPorts: (text: string, base: number) => string;
}

interface DemoCopier {
  copyDemo: (target: string, options: { keepEngines: boolean; project: string }) => string;
}

describe('the demo on Docker (demo/scripts/engines.js) in the Services view', function () {
  this.timeout(6 * 60_000);
  const docker = dockerSuite({ swarm: true });
  const project = `dldemo${process.pid}${Date.now().toString(36)}`;
  let api: DevopsTestApi;
  let copy: string;
  let original: string | undefined;
  let originalDockerfile: string | undefined;
  let registryPort = 0;
  const releasedRepository = (): string => `127.0.0.1:${registryPort}/devops-demo/web`;
  const dockerfileUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'image', 'Dockerfile');
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
  const byProject = `filters=${encodeURIComponent(JSON.stringify({ label: [`devops-loop.demo=${project}`] }))}`;

  const engines = (command: 'start' | 'stop'): Promise<{ code: number | null; output: string }> =>
    new Promise((done, fail) => {
      // `node` of PATH, as `npm start` runs it: the image is built from that binary.
      const env = { ...process.env, DOCKER_HOST: `unix://${docker.harness.socket}`, DEVOPS_DEMO_PROJECT: project, DEVOPS_DEMO_PORT_BASE: String(registryPort - 50) };
      const child = spawn('node', [join(copy, 'scripts', 'engines.js'), command], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', fail);
      child.once('exit', (code) => done({ code, output }));
    });

  before(async function () {
    this.timeout(6 * 60_000);
    api = await activateExtension();
    const { copyDemo } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'integrationGroups.mjs')).href)) as DemoCopier;
    copy = copyDemo(join(mkdtempSync(join(tmpdir(), 'devops-demo-docker-')), 'demo'), { keepEngines: true, project });
    registryPort = await freePort();
    const started = await engines('start');
    assert.equal(started.code, 0, started.output);
    assert.match(started.output, /Swarm stack .* deployed/, started.output);
    assert.match(started.output, new RegExp(`registry on 127\\.0\\.0\\.1:${registryPort}`), started.output);
    original = await readText(configUri());
    const { shiftPorts } = (await import(pathToFileURL(join(copy, 'services', 'lib', 'ports.js')).href)) as DemoPorts;
    await writeText(configUri(), shiftPorts(readFileSync(join(copy, 'devops.yaml'), 'utf8'), registryPort - 50));
    // The image stage builds FROM this run's project's shop image.
    originalDockerfile = existsSync(dockerfileUri().fsPath) ? await readText(dockerfileUri()) : undefined;
    await writeText(dockerfileUri(), readFileSync(join(copy, 'image', 'Dockerfile'), 'utf8'));
    await api.config.reload();
    await vscode.commands.executeCommand('devops.services.focus');
  });

  after(async function () {
    this.timeout(2 * 60_000);
    if (copy) await engines('stop');
    if (api) answerApprovals(api, undefined);
    if (original !== undefined) await writeText(configUri(), original);
    if (originalDockerfile !== undefined) await writeText(dockerfileUri(), originalDockerfile);
    await api?.config.reload();
    // The released web image first: it is built FROM the project's shop image.
    for (const reference of [releasedRepository(), `${project}/shop`]) {
      const images = encodeURIComponent(JSON.stringify({ reference: [reference] }));
      for (const image of ((await docker.harness?.api('GET', `/images/json?filters=${images}`))?.json ?? []) as { Id: string }[]) {
        await docker.harness.api('DELETE', `/images/${image.Id}?force=1`);
      }
    }
    if (copy) rmSync(resolve(copy, '..'), { recursive: true, force: true });
  });

  it('joins each declared service to its healthy container of the Compose project', async () => {
    for (const name of SERVICES) {
      const bound = await waitFor(`${name} joined to its container, healthy`, () => {
        const row = rowById(api, `services/${name}/workload`);
        return row?.description?.startsWith('running · healthy · 1/1 ready') ? row : undefined;
      }, 90_000);
      assert.equal(bound.label, `runs on compose ${project}/${name}`);
      assert.match(bound.description ?? '', new RegExp(`${project}/shop:`), 'the image engines.js built');
      for (const word of ['restartable', 'stoppable', 'engine-logs', 'shell']) assert.match(bound.contextValue, new RegExp(`^workload\\b.*\\b${word}\\b`), `${name} offers ${word} (${bound.contextValue})`);
    }
    // Every service of the project is declared, so none is left to list under the engine.
    assert.equal(rowById(api, `engines/docker/compose/${project}`), undefined, 'the project\'s services show under their declared rows only');
  });

  it('shows the Swarm stack with the api at 2/2', async () => {
    const stack = await waitFor('the stack under the Docker engine', () => rowById(api, `engines/docker/stack/${project}`), 60_000);
    assert.match(stack.description ?? '', /^Swarm stack · 3$/);
    const apiRow = await waitFor('the stack\'s api with two ready replicas', () => {
      const row = rowById(api, `workload/docker/swarm-service/${project}/${project}_api`);
      return row?.description?.includes('2/2 ready') ? row : undefined;
    }, 120_000);
    assert.match(apiRow.contextValue, /\bscalable\b/, 'Scale… is offered');
    await waitFor('the stack\'s store ready', () => rowById(api, `workload/docker/swarm-service/${project}/${project}_store`)?.description?.includes('1/1 ready'), 60_000);
  });

  it('Run Stage of the image stage releases the web image to the demo registry, Deploy rolls it to the stack, and its row shows the version', async () => {
    answerApprovals(api, () => true);
    await api.pipeline.load();
    await waitFor('the stack\'s web running', () => rowById(api, `workload/docker/swarm-service/${project}/${project}_web`)?.description?.includes('1/1 ready'), 120_000);
    assert.match(api.views.pipeline.findRow('pipeline/stage/image')?.description ?? '', /\bimage · manual\b/, 'the row says the stage runs only by hand');
    const version = (JSON.parse(readFileSync(join(workspaceRoot().fsPath, 'package.json'), 'utf8')) as { version: string }).version;
    const released = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.runStage', 'image');
    const image = released?.stages.find((s) => s.name === 'image');
    assert.equal(image?.status, 'succeeded', image?.reason ?? failures(api).at(-1)?.text);
    assert.ok((await registryTags(registryPort, 'devops-demo/web')).includes(version), `${version} is in the demo's registry`);
    const deployed = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', 'stack');
    assert.equal(deployed?.status, 'succeeded', deployed?.stages[0]?.reason ?? failures(api).at(-1)?.text);
    const service = (await docker.harness.api('GET', `/services/${project}_web`)).json as { Spec: { TaskTemplate: { ContainerSpec: { Image: string } } } };
    assert.ok(service.Spec.TaskTemplate.ContainerSpec.Image.startsWith(`${releasedRepository()}:${version}`), service.Spec.TaskTemplate.ContainerSpec.Image);
    // Before the deploy the row said the shop image's own tag (`<version>-<hash>`).
    const row = await waitFor('the stack row with the released version', () => {
      const found = api.views.pipeline.findRow('pipeline/env/stack');
      return found?.description?.startsWith(`runs ${version} · 1/1`) ? found : undefined;
    }, 60_000);
    assert.match(row.description ?? '', new RegExp(`^runs ${version.replace(/\./g, '\\.')} · 1/1 · `));
  });

  it('stop removes everything start made, and the rows with it', async () => {
    const stopped = await engines('stop');
    assert.equal(stopped.code, 0, stopped.output);
    assert.match(stopped.output, /stopped the demo's registry/, stopped.output);
    await assert.rejects(registryTags(registryPort, 'devops-demo/web'), 'the registry no longer answers');
    const left = await Promise.all(['containers/json?all=1&', 'services?', 'networks?'].map(async (list) => ((await docker.harness.api('GET', `/${list}${byProject}`)).json as unknown[]).length));
    assert.deepEqual(left, [0, 0, 0], 'no container, service or network of the project is left');
    for (const name of SERVICES) {
      await waitFor(`${name} saying its container is not running`, () => rowById(api, `services/${name}/workload`)?.description?.includes('is not running on the engine'), 60_000);
    }
    await waitFor('the stack gone from the view', () => !allRows(api).some((row) => row.id.includes(project) && row.id.startsWith('engines/')), 60_000);
  });

  it('without an engine keeps the declared probes, and each binding row says how to get one', async () => {
    const doc = parseDocument(readFileSync(join(copy, 'devops.yaml'), 'utf8'));
    doc.setIn(['engines', 'docker', 'host'], `unix:///nonexistent/${project}.sock`);
    await writeText(configUri(), doc.toString());
    await api.config.reload();
    await waitFor('the Docker row saying it is not running', () => rowById(api, 'engines/docker')?.description?.startsWith('not running or unreachable'), 30_000);
    for (const name of SERVICES) {
      const bound = await waitFor(`${name}'s binding row saying how to get an engine`, () => {
        const row = rowById(api, `services/${name}/workload`);
        return /start Docker/.test(row?.description ?? '') ? row : undefined;
      }, 30_000);
      assert.match(bound.description ?? '', new RegExp(`^compose ${project}/${name} is not running on the engine`));
      // The demo's processes do not run here, so the probe finds them down, as it would today.
      const probed = await waitFor(`${name} probed by its URL`, () => {
        const row = rowById(api, `services/${name}`);
        return /^(up|down|degraded) · /.test(row?.description ?? '') ? row : undefined;
      }, 30_000);
      assert.doesNotMatch(probed.description ?? '', /no health check/);
    }
    await waitFor('the stack environment saying how to get an engine', () => /^target not read: .*start Docker/.test(api.views.pipeline.findRow('pipeline/env/stack')?.description ?? ''), 30_000);
  });
});

/** The tags of a repository in the registry at 127.0.0.1:port; rejects when nothing answers. */
function registryTags(port: number, repository: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/v2/${repository}/tags/list`, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? ((JSON.parse(text) as { tags?: string[] | null }).tags ?? []) : []));
    });
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
  });
}

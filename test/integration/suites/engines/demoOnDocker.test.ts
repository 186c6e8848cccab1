import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { allRows, rowById } from './servicesViewRows';

// The demo as `npm start` runs it on Docker, seen in the Services view: a copy of demo/ that
// keeps its `engines` and `runsOn` (under a project name of this run's own, so a user's demo
// on the same engine is not touched) runs demo/scripts/engines.js; its declared services
// show their containers, healthy, below them, the Swarm stack has the api at 2/2, and stop
// removes every container, service and network it made, and the rows go with them. With no
// engine at all the services keep their probes by URL and each binding row says how to get one.

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
const SERVICES = ['web', 'api', 'store'];

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
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
  const byProject = `filters=${encodeURIComponent(JSON.stringify({ label: [`devops-loop.demo=${project}`] }))}`;

  const engines = (command: 'start' | 'stop'): Promise<{ code: number | null; output: string }> =>
    new Promise((done, fail) => {
      // `node` of PATH, as `npm start` runs it: the image is built from that binary.
      const env = { ...process.env, DOCKER_HOST: `unix://${docker.harness.socket}`, DEVOPS_DEMO_PROJECT: project };
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
    const started = await engines('start');
    assert.equal(started.code, 0, started.output);
    assert.match(started.output, /Swarm stack .* deployed/, started.output);
    original = await readText(configUri());
    await writeText(configUri(), readFileSync(join(copy, 'devops.yaml'), 'utf8'));
    await api.config.reload();
    await vscode.commands.executeCommand('devops.services.focus');
  });

  after(async function () {
    this.timeout(2 * 60_000);
    if (copy) await engines('stop');
    if (original !== undefined) await writeText(configUri(), original);
    await api?.config.reload();
    const images = encodeURIComponent(JSON.stringify({ reference: [`${project}/shop`] }));
    for (const image of ((await docker.harness?.api('GET', `/images/json?filters=${images}`))?.json ?? []) as { Id: string }[]) {
      await docker.harness.api('DELETE', `/images/${image.Id}?force=1`);
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
    assert.match(stack.description ?? '', /^Swarm stack · 2$/);
    const apiRow = await waitFor('the stack\'s api with two ready replicas', () => {
      const row = rowById(api, `workload/docker/swarm-service/${project}/${project}_api`);
      return row?.description?.includes('2/2 ready') ? row : undefined;
    }, 120_000);
    assert.match(apiRow.contextValue, /\bscalable\b/, 'Scale… is offered');
    await waitFor('the stack\'s store ready', () => rowById(api, `workload/docker/swarm-service/${project}/${project}_store`)?.description?.includes('1/1 ready'), 60_000);
  });

  it('stop removes everything start made, and the rows with it', async () => {
    const stopped = await engines('stop');
    assert.equal(stopped.code, 0, stopped.output);
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
  });
});

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { dockerSuite } from '../engines/dockerHarness';

// demo/scripts/engines.js, which `npm start` runs, against a real dockerd made a one-node
// Swarm manager the way the engine tests do (and restored after): the shop's containers
// come up healthy with Compose's labels and ports on 127.0.0.1 only, the stack has two
// api replicas, and stop leaves none of it. Project and image names are this run's own,
// so a user's demo on the same engine is not touched.

interface Container {
  Id: string;
  Labels: Record<string, string>;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number }[];
}
interface Service {
  ID: string;
  Spec: { Name: string; Labels: Record<string, string>; Mode: { Replicated?: { Replicas: number } } };
}

const script = join(__dirname, '..', '..', '..', '..', 'demo', 'scripts', 'engines.js');

function runScript(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('the demo on a Docker engine (demo/scripts/engines.js)', function () {
  this.timeout(5 * 60_000);
  const docker = dockerSuite({ swarm: true });
  const run = `t${process.pid}${Date.now().toString(36)}`;
  const project = `devops-demo-${run}`;
  let env: NodeJS.ProcessEnv;
  const byProject = (key: string): string => `filters=${encodeURIComponent(JSON.stringify({ label: [`${key}=${project}`] }))}`;

  before(() => {
    env = { DOCKER_HOST: `unix://${docker.harness.socket}`, DEVOPS_DEMO_PROJECT: project, DEVOPS_DEMO_IMAGE: `${project}/shop:${run}` };
  });

  after(async () => {
    if (!env) return;
    await runScript('stop', env);
    await docker.harness.api('DELETE', `/images/${encodeURIComponent(env.DEVOPS_DEMO_IMAGE ?? '')}?force=1`);
  });

  it('runs the shop as healthy Compose-labelled containers on 127.0.0.1 and a stack with two api replicas, and stop removes them all', async () => {
    const { harness } = docker;
    const started = await runScript('start', env);
    assert.equal(started.code, 0, started.output);

    const containers = (await harness.api('GET', `/containers/json?${byProject('com.docker.compose.project')}`)).json as Container[];
    assert.deepEqual(containers.map((c) => c.Labels['com.docker.compose.service']).sort(), ['api', 'store', 'web'], started.output);
    for (const container of containers) {
      assert.equal(container.Labels['com.docker.compose.container-number'], '1');
      const published = container.Ports.filter((port) => port.PublicPort !== undefined);
      assert.ok(published.length > 0, `${container.Labels['com.docker.compose.service']} publishes its port`);
      for (const port of published) assert.equal(port.IP, '127.0.0.1', `${container.Labels['com.docker.compose.service']} is published on 127.0.0.1 only`);
      const inspected = (await harness.api('GET', `/containers/${container.Id}/json`)).json as { State: { Health?: { Status: string } } };
      assert.equal(inspected.State.Health?.Status, 'healthy', `${container.Labels['com.docker.compose.service']} is healthy`);
    }
    const web = containers.find((c) => c.Labels['com.docker.compose.service'] === 'web');
    const page = await fetch(`http://127.0.0.1:${web?.Ports.find((p) => p.PublicPort)?.PublicPort}/`, { signal: AbortSignal.timeout(5000) });
    assert.match(await page.text(), /o-1001/, 'web reads the orders through api and store on the project network');

    const services = (await harness.api('GET', `/services?${byProject('com.docker.stack.namespace')}`)).json as Service[];
    const api = services.find((s) => s.Spec.Name === `${project}_api`);
    assert.equal(api?.Spec.Mode.Replicated?.Replicas, 2, started.output);
    const running = await until(async () => {
      const tasks = (await harness.api('GET', `/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [`${project}_api`], 'desired-state': ['running'] }))}`)).json as { Status: { State: string } }[];
      const count = tasks.filter((task) => task.Status.State === 'running').length;
      return count === 2 ? count : undefined;
    }, 90_000);
    assert.equal(running, 2, 'two api replicas run');

    const stopped = await runScript('stop', env);
    assert.equal(stopped.code, 0, stopped.output);
    const left = (await harness.api('GET', `/containers/json?all=1&${byProject('devops-loop.demo')}`)).json as Container[];
    const leftServices = (await harness.api('GET', `/services?${byProject('devops-loop.demo')}`)).json as Service[];
    const leftNetworks = (await harness.api('GET', `/networks?${byProject('devops-loop.demo')}`)).json as unknown[];
    assert.deepEqual([left.length, leftServices.length, leftNetworks.length], [0, 0, 0], 'no container, service or network of the demo is left');
  });

  it('start removes the project\'s earlier images that no container uses, and no other image', async () => {
    const { harness } = docker;
    const repository = `${project}/shop`;
    const image = async (name: string): Promise<number> => (await harness.api('GET', `/images/${encodeURIComponent(name)}/json`)).status;
    // Earlier builds as a start leaves them: the shop's title label, in the project's repository.
    const scratch = (await harness.api('POST', '/containers/create', { Image: harness.image, Labels: { [harness.runLabel[0]]: harness.runLabel[1] } })).json as { Id: string };
    const commit = async (repo: string, tag: string): Promise<void> => {
      const changes = encodeURIComponent('LABEL org.opencontainers.image.title=devops-demo-shop');
      const made = await harness.api('POST', `/commit?container=${scratch.Id}&repo=${encodeURIComponent(repo)}&tag=${tag}&changes=${changes}`);
      assert.ok(made.status < 300, `commit ${repo}:${tag}: ${JSON.stringify(made.json)}`);
    };
    await commit(repository, 'old');
    await commit(repository, 'in-use');
    await commit(repository, 'also-elsewhere');
    assert.ok((await harness.api('POST', `/images/${encodeURIComponent(`${repository}:also-elsewhere`)}/tag?repo=${encodeURIComponent(`${project}/kept`)}&tag=mine`)).status < 300);
    await commit(`${project}/other`, 'old');
    const user = (await harness.api('POST', '/containers/create', { Image: `${repository}:in-use`, Labels: { [harness.runLabel[0]]: harness.runLabel[1] } })).json as { Id: string };
    try {
      const started = await runScript('start', env);
      assert.equal(started.code, 0, started.output);
      assert.match(started.output, /removed the demo's earlier images/, started.output);
      assert.equal(await image(`${repository}:old`), 404, 'an earlier build is removed');
      assert.equal(await image(`${repository}:also-elsewhere`), 404, 'the project\'s tag of an image tagged elsewhere too is removed');
      assert.equal(await image(`${project}/kept:mine`), 200, 'the image keeps its tag in another repository');
      assert.equal(await image(`${repository}:in-use`), 200, 'an image a stopped container uses stays');
      assert.equal(await image(`${project}/other:old`), 200, 'an image of another repository stays');
      assert.equal(await image(env.DEVOPS_DEMO_IMAGE ?? ''), 200, 'the image the shop runs stays');
    } finally {
      await runScript('stop', env);
      for (const id of [user.Id, scratch.Id]) await harness.api('DELETE', `/containers/${id}?force=1`);
      for (const name of [`${repository}:old`, `${repository}:in-use`, `${repository}:also-elsewhere`, `${project}/kept:mine`, `${project}/other:old`]) await harness.api('DELETE', `/images/${encodeURIComponent(name)}?force=1`);
    }
  });

  it('without an engine says in one line how to get one, and starts nothing', async () => {
    const result = await runScript('start', { ...env, DOCKER_HOST: `unix:///nonexistent/${run}.sock` });
    assert.equal(result.code, 0, result.output);
    assert.equal(result.output.trim().split('\n').length, 1, result.output);
    assert.match(result.output, /no Docker engine runs at .*Start Docker/);
  });
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return probe();
}

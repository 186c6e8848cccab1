import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { readDeployRecords } from '../../../src/backends/pipeline/local/deployAudit';
import { createLocalPipeline, type LocalPipeline } from '../../../src/backends/pipeline/local/localPipeline';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { pipelineSection } from '../../../src/cli/commands/pipelineStatus';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { registryCredentialKey } from '../../../src/core/credentials/credentialOrigin';
import type { SecretStore } from '../../../src/core/ports';
import { dockerSuite, type DockerHarness } from '../engines/dockerHarness';
import { freePort, startRegistry, type RegistryHarness } from '../engines/registryHarness';
import { tempDir } from './pipelineTestKit';

// Release → push → deploy on a real dockerd, a one-node Swarm and Debian's docker-registry
// on 127.0.0.1: the image stage builds through the Engine API, pushes both tags with each
// layer's progress in the log; a deploy sets the Swarm service's image with who and when as
// labels, follows the rollout, refuses while another rollout runs, and rolls a failing
// image back; what runs is read back from the engine.

describe('image release and Swarm deploy on a real engine and registry', function () {
  this.timeout(300_000);
  const suite = dockerSuite();
  let harness: DockerHarness;
  let registry: RegistryHarness;
  let ws: ReturnType<typeof tempDir>;
  let commit: string;
  const pipelines: LocalPipeline[] = [];
  const services: string[] = [];
  /** Registry hosts images were tagged for, so every one of them is removed after. */
  const hosts: string[] = [];

  const dockerfile = (command: string): string =>
    [
      `FROM ${harness.image}`,
      'ARG GREETING',
      'COPY . /app',
      // The build itself checks the context: .dockerignore kept the secret and node_modules out.
      'RUN ["/bin/busybox","sh","-c","test ! -e /app/secret.txt && test ! -e /app/node_modules && test -e /app/www/index.html && echo $GREETING > /greeting"]',
      `CMD ${command}`,
      '',
    ].join('\n');
  // The test image's health check asks httpd on 8080: a good release serves it.
  const runsForever = JSON.stringify(['/bin/busybox', 'sh', '-c', 'trap "exit 0" TERM; /bin/busybox httpd -p 8080 -h /www; while true; do /bin/busybox sleep 1; done']);

  const yaml = (host: string, service = 'none'): string => `version: 1
pipeline:
  stages:
    image:
      kind: image
      context: .
      dockerfile: Dockerfile
      image: ${host}/shop/web
      buildArgs:
        GREETING: hello
environments:
  staging:
    target: { swarm: ${service} }
    image: ${host}/shop/web
    rollback: auto
    rolloutTimeout: 120s
`;

  const pipelineFor = (text: string, login: { secrets?: SecretStore; dockerConfig?: string } = {}): LocalPipeline => {
    hosts.push(/image: (\S+)\/shop\/web/.exec(text)?.[1] ?? '');
    const { config, problems } = parseDevopsConfig(text, 'devops.yaml');
    assert.deepEqual(problems, []);
    const env = { ...process.env, DOCKER_CONFIG: login.dockerConfig ?? join(ws.path, 'no-docker-config') };
    const pipeline = createLocalPipeline({ workspace: ws.path, config: config!, runner: new NodeProcessRunner({ isTrusted: () => true }), isTrusted: () => true, network: openNetwork, env, ...(login.secrets ? { secrets: login.secrets } : {}) });
    pipelines.push(pipeline);
    return pipeline;
  };

  const commitAll = async (message: string): Promise<string> => {
    const git = simpleGit(ws.path);
    await git.add('.').commit(message);
    return (await git.revparse(['HEAD'])).trim();
  };

  const createService = async (name: string): Promise<void> => {
    await harness.createService(name, 2, {});
    services.push(name);
    await harness.waitRunning(name, 2, 60_000);
  };

  const serviceSpec = async (name: string): Promise<{ Version: { Index: number }; Spec: { Labels: Record<string, string>; TaskTemplate: { ContainerSpec: { Image: string } } } & Record<string, unknown>; UpdateStatus?: { State: string } }> =>
    (await harness.api('GET', `/services/${name}`)).json as never;

  before(async () => {
    harness = suite.harness;
    registry = await startRegistry();
    ws = tempDir('devops-image-');
    const git = simpleGit(ws.path);
    await git.init(['-b', 'main']);
    await git.addConfig('user.name', 'Dana Deployer').addConfig('user.email', 'dana@example.test').addConfig('commit.gpgsign', 'false');
    writeFileSync(join(ws.path, 'package.json'), '{\n  "name": "web",\n  "version": "1.4.0"\n}\n');
    writeFileSync(join(ws.path, 'Dockerfile'), dockerfile(runsForever));
    writeFileSync(join(ws.path, '.dockerignore'), '# keep secrets and dependencies out\nsecret.txt\n**/node_modules\n.git\n');
    writeFileSync(join(ws.path, 'secret.txt'), 'do not ship');
    for (const [path, text] of [['www/index.html', 'ok\n'], ['node_modules/left/index.js', 'x']]) {
      const full = join(ws.path, path);
      (await import('node:fs')).mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, text);
    }
    commit = await commitAll('feat: web');
  });

  after(async () => {
    pipelines.forEach((p) => p.dispose());
    for (const name of services) await harness?.api('DELETE', `/services/${name}`);
    if (harness) {
      const filters = encodeURIComponent(JSON.stringify({ reference: [...new Set(hosts)].map((host) => `${host}/shop/web`) }));
      const images = ((await harness.api('GET', `/images/json?filters=${filters}`)).json ?? []) as { Id: string }[];
      for (let attempt = 0; attempt < 20 && images.length > 0; attempt++) {
        const left = [];
        for (const image of images) if ((await harness.api('DELETE', `/images/${image.Id}?force=1`)).status >= 400) left.push(image);
        images.splice(0, images.length, ...left);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await registry?.stop();
    ws?.remove();
  });

  it('builds with the engine, labels the image, tags it with the version and the commit, and pushes both with per-layer progress', async () => {
    const pipeline = pipelineFor(yaml(registry.host));
    await pipeline.load();
    const run = await pipeline.run({ stages: ['image'] });
    const stage = run.stages[0];
    const log = readFileSync(stage.logFile, 'utf8');
    assert.equal(stage.status, 'succeeded', `${stage.reason}\n${log}`);
    assert.deepEqual(await registry.tags('shop/web'), ['1.4.0', commit.slice(0, 12)].sort());
    const image = (await harness.api('GET', `/images/${encodeURIComponent(`${registry.host}/shop/web:1.4.0`)}/json`)).json as { Id: string; Config: { Labels: Record<string, string> } };
    assert.equal(image.Config.Labels['org.opencontainers.image.version'], '1.4.0');
    assert.equal(image.Config.Labels['org.opencontainers.image.revision'], commit);
    const history = (await harness.api('GET', `/images/${image.Id}/history`)).json as { CreatedBy: string }[];
    assert.ok(history.some((h) => h.CreatedBy.includes('GREETING=hello')), 'the build argument reached the build');
    assert.match(log, /Step \d\/\d : FROM/);
    assert.match(log, /^[0-9a-f]{12}: Pushed$/m, 'each layer says it was pushed');
    assert.match(log, new RegExp(`Pushed ${registry.host}/shop/web:1\\.4\\.0 \\(sha256:`));
  });

  it('a registry that refuses the push or does not answer fails the stage, saying which registry', async () => {
    const refusing = await startRegistry({ readOnly: true });
    try {
      const run = await pipelineFor(yaml(refusing.host)).run({ stages: ['image'] });
      assert.equal(run.stages[0].status, 'failed');
      assert.match(run.stages[0].reason ?? '', new RegExp(`the registry ${refusing.host} did not take ${refusing.host}/shop/web:1\\.4\\.0: .+`));
      assert.deepEqual(await refusing.tags('shop/web'), []);
    } finally {
      await refusing.stop();
    }
    const nobody = `127.0.0.1:${await freePort()}`;
    const run = await pipelineFor(yaml(nobody)).run({ stages: ['image'] });
    assert.equal(run.stages[0].status, 'failed');
    assert.match(run.stages[0].reason ?? '', new RegExp(`the registry ${nobody} did not take`));
  });

  it('pushes to a registry that asks for a login with the one stored for its origin, or the Docker config\'s, and says so when it has none', async () => {
    const user = { username: 'release-bot', password: `pw-${Math.random().toString(36).slice(2)}` };
    const guarded = await startRegistry({ login: user });
    try {
      const refused = await pipelineFor(yaml(guarded.host)).run({ stages: ['image'] });
      assert.equal(refused.stages[0].status, 'failed');
      assert.match(refused.stages[0].reason ?? '', new RegExp(`the registry ${guarded.host} did not take ${guarded.host}/shop/web:1\\.4\\.0: .*(no basic auth credentials|unauthorized|authentication required)`, 'i'));
      assert.deepEqual(await guarded.tags('shop/web'), []);

      // A login stored for another origin (the same host on another port) is never offered.
      const stored = new Map([[registryCredentialKey(`http://127.0.0.1:${await freePort()}`), JSON.stringify(user)]]);
      const elsewhere = await pipelineFor(yaml(guarded.host), { secrets: mapSecrets(stored) }).run({ stages: ['image'] });
      assert.equal(elsewhere.stages[0].status, 'failed');

      stored.set(registryCredentialKey(`http://${guarded.host}`), JSON.stringify(user));
      const pushed = await pipelineFor(yaml(guarded.host), { secrets: mapSecrets(stored) }).run({ stages: ['image'] });
      assert.equal(pushed.stages[0].status, 'succeeded', pushed.stages[0].reason);
      assert.match(readFileSync(pushed.stages[0].logFile, 'utf8'), new RegExp(`the login stored for http://${guarded.host.replace(/\./g, '\\.')}`));
      assert.ok((await guarded.tags('shop/web')).includes('1.4.0'));

      // The same login from a Docker config's `auths`, as `docker login` writes it.
      const dockerConfig = join(ws.path, '.docker-login');
      mkdirSync(dockerConfig, { recursive: true });
      writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [guarded.host]: { auth: Buffer.from(`${user.username}:${user.password}`).toString('base64') } } }));
      const fromConfig = await pipelineFor(yaml(guarded.host), { dockerConfig }).run({ stages: ['image'] });
      assert.equal(fromConfig.stages[0].status, 'succeeded', fromConfig.stages[0].reason);
    } finally {
      await guarded.stop();
    }
  });

  it('deploys the released tag to the Swarm service, records who and when on it, and reads back what runs', async () => {
    const name = `dl${harness.runLabel[1]}_web`;
    await createService(name);
    const pipeline = pipelineFor(yaml(registry.host, name));
    await pipeline.load();
    const run = await pipeline.run({ deployTo: 'staging' });
    const stage = run.stages[0];
    assert.equal(stage.status, 'succeeded', `${stage.reason}\n${readFileSync(stage.logFile, 'utf8')}`);
    const service = await serviceSpec(name);
    assert.equal(service.Spec.TaskTemplate.ContainerSpec.Image.replace(/@sha256:.*/, ''), `${registry.host}/shop/web:1.4.0`);
    assert.equal(service.Spec.Labels['devops-loop.deploy.by'], 'Dana Deployer');
    assert.ok(Date.now() - Date.parse(service.Spec.Labels['devops-loop.deploy.at'] ?? '') < 300_000);
    assert.match(readFileSync(stage.logFile, 'utf8'), /completed: 2\/2 running/);
    // The row may still hold its read from before the deploy; the read after it must arrive.
    for (let waited = 0; pipeline.environments.get('staging')?.onTarget?.version !== '1.4.0' && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const onTarget = pipeline.environments.get('staging')?.onTarget;
    assert.deepEqual([onTarget?.version, onTarget?.replicas, onTarget?.changedBy], ['1.4.0', { running: 2, desired: 2 }, 'Dana Deployer']);
    const { config } = parseDevopsConfig(yaml(registry.host, name), 'devops.yaml');
    const status = await pipelineSection(config!, { configDir: ws.path });
    const item = status.items.find((i) => i.name === 'staging');
    assert.deepEqual({ ...item?.running, changedAt: typeof item?.running?.changedAt }, { image: `${registry.host}/shop/web:1.4.0`, version: '1.4.0', replicas: { running: 2, desired: 2 }, changedAt: 'string', changedBy: 'Dana Deployer', drift: null });
  });

  it('refuses to deploy while the service rolls out, naming it, and records nothing', async () => {
    const name = `dl${harness.runLabel[1]}_busy`;
    await createService(name);
    const now = await serviceSpec(name);
    // Someone else's slow rollout: one task at a time, 30 s apart.
    const spec = { ...now.Spec, UpdateConfig: { Parallelism: 1, Delay: 30_000_000_000 }, TaskTemplate: { ...now.Spec.TaskTemplate, ForceUpdate: 1 } };
    const started = await harness.api('POST', `/services/${name}/update?version=${now.Version.Index}`, spec);
    assert.equal(started.status, 200, JSON.stringify(started.json));
    for (let waited = 0; (await serviceSpec(name)).UpdateStatus?.State !== 'updating'; waited += 200) {
      assert.ok(waited < 30_000, 'the other rollout started');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const pipeline = pipelineFor(yaml(registry.host, name));
    const before = (await readDeployRecords(pipeline.deployer.auditFile)).records.length;
    const run = await pipeline.run({ deployTo: 'staging' });
    assert.equal(run.stages[0].status, 'failed');
    assert.match(run.stages[0].reason ?? '', new RegExp(`Swarm service "${name}" is already rolling out \\(updating since `));
    assert.equal((await readDeployRecords(pipeline.deployer.auditFile)).records.length, before, 'a refused deploy is not in the audit');
    assert.notEqual((await serviceSpec(name)).Spec.TaskTemplate.ContainerSpec.Image, `${registry.host}/shop/web:1.4.0`);
  });

  it('an image whose tasks fail is rolled back by the engine with rollback: auto, and the row shows the old version', async () => {
    const name = `dl${harness.runLabel[1]}_web`;
    writeFileSync(join(ws.path, 'package.json'), '{\n  "name": "web",\n  "version": "1.5.0"\n}\n');
    writeFileSync(join(ws.path, 'Dockerfile'), dockerfile(JSON.stringify(['/bin/busybox', 'sh', '-c', 'exit 3'])));
    await commitAll('feat: broken');
    const pipeline = pipelineFor(yaml(registry.host, name));
    await pipeline.load();
    const released = await pipeline.run({ stages: ['image'] });
    assert.equal(released.stages[0].status, 'succeeded', released.stages[0].reason);
    const run = await pipeline.run({ deployTo: 'staging' });
    const stage = run.stages[0];
    const log = readFileSync(stage.logFile, 'utf8');
    assert.equal(stage.status, 'failed', log);
    assert.match(stage.reason ?? '', new RegExp(`rolled .*back to ${registry.host}/shop/web:1\\.4\\.0`));
    const service = await serviceSpec(name);
    assert.equal(service.Spec.TaskTemplate.ContainerSpec.Image.replace(/@sha256:.*/, ''), `${registry.host}/shop/web:1.4.0`);
    await pipeline.readTargets('staging');
    assert.equal(pipeline.environments.get('staging')?.onTarget?.version, '1.4.0');
    const records = (await readDeployRecords(pipeline.deployer.auditFile)).records.filter((r) => r.version === '1.5.0');
    assert.deepEqual(records.map((r) => r.result), ['failed']);
  });
});

/** SecretStorage's contract over a map: what the extension host keeps per origin key. */
function mapSecrets(entries: Map<string, string>): SecretStore {
  return {
    get: (key) => Promise.resolve(entries.get(key)),
    store: (key, value) => Promise.resolve(void entries.set(key, value)),
    delete: (key) => Promise.resolve(void entries.delete(key)),
  };
}

import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { readDeployRecords } from '../../../src/backends/pipeline/local/deployAudit';
import { createLocalPipeline, type LocalPipeline } from '../../../src/backends/pipeline/local/localPipeline';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { dockerSuite, type DockerHarness } from '../engines/dockerHarness';
import { startRegistry, type RegistryHarness } from '../engines/registryHarness';
import { tempDir } from './pipelineTestKit';

// Rollback and Promote on a real dockerd, one-node Swarm and docker-registry: two released
// versions deployed to staging, then Swarm's own rollback (rollback=previous) returns it to
// the first, recorded in the audit like a deploy; a service never updated, or one rolling
// out, is refused with nothing recorded; production takes the image staging runs.

describe('rollback and promote of engine targets on a real Swarm', function () {
  this.timeout(300_000);
  const suite = dockerSuite({ prefix: 'envrb' });
  let harness: DockerHarness;
  let registry: RegistryHarness;
  let ws: ReturnType<typeof tempDir>;
  const pipelines: LocalPipeline[] = [];
  const services: string[] = [];
  const name = (role: string): string => `${harness.runLabel[1]}_${role}`;

  const yaml = (staging: string, production: string): string => `version: 1
pipeline:
  stages:
    image: { kind: image, context: ., dockerfile: Dockerfile, image: ${registry.host}/envrb/web }
environments:
  staging:
    target: { swarm: ${staging} }
    image: ${registry.host}/envrb/web
    rolloutTimeout: 120s
  production:
    target: { swarm: ${production} }
    image: ${registry.host}/envrb/web
    protected: true
    rolloutTimeout: 120s
`;

  const pipelineFor = async (staging: string, production = 'none'): Promise<LocalPipeline> => {
    const { config, problems } = parseDevopsConfig(yaml(staging, production), 'devops.yaml');
    assert.deepEqual(problems, []);
    const pipeline = createLocalPipeline({ workspace: ws.path, config: config!, runner: new NodeProcessRunner({ isTrusted: () => true }), isTrusted: () => true, network: openNetwork, env: { ...process.env, DOCKER_CONFIG: join(ws.path, 'no-docker-config') } });
    pipelines.push(pipeline);
    await pipeline.load();
    return pipeline;
  };

  const createService = async (role: string): Promise<string> => {
    const service = name(role);
    await harness.createService(service, 1, {});
    services.push(service);
    return service;
  };

  const serviceImage = async (service: string): Promise<string> =>
    ((await harness.api('GET', `/services/${service}`)).json as { Spec: { TaskTemplate: { ContainerSpec: { Image: string } } } }).Spec.TaskTemplate.ContainerSpec.Image.replace(/@sha256:.*/, '');

  const release = async (pipeline: LocalPipeline, version: string): Promise<void> => {
    writeFileSync(join(ws.path, 'package.json'), `{\n  "name": "web",\n  "version": "${version}"\n}\n`);
    await simpleGit(ws.path).add('.').commit(`chore(release): v${version}`);
    const run = await pipeline.run({ stages: ['image'] });
    assert.equal(run.stages[0].status, 'succeeded', run.stages[0].reason);
  };

  const deployed = async (pipeline: LocalPipeline, request: Parameters<LocalPipeline['run']>[0]): Promise<void> => {
    const run = await pipeline.run(request);
    assert.equal(run.stages[0].status, 'succeeded', `${run.stages[0].reason}\n${readFileSync(run.stages[0].logFile, 'utf8')}`);
  };

  before(async () => {
    harness = suite.harness;
    registry = await startRegistry();
    ws = tempDir('devops-envrb-');
    const git = simpleGit(ws.path);
    await git.init(['-b', 'main']);
    await git.addConfig('user.name', 'Rita Rollback').addConfig('user.email', 'rita@example.test').addConfig('commit.gpgsign', 'false');
    const program = JSON.stringify(['/bin/busybox', 'sh', '-c', 'trap "exit 0" TERM; /bin/busybox httpd -p 8080 -h /www; while true; do /bin/busybox sleep 1; done']);
    writeFileSync(join(ws.path, 'Dockerfile'), `FROM ${harness.image}\nCOPY package.json /app/package.json\nHEALTHCHECK NONE\nCMD ${program}\n`);
    writeFileSync(join(ws.path, '.dockerignore'), '.git\n.devops\n');
  });

  after(async () => {
    pipelines.forEach((p) => p.dispose());
    for (const service of services) await harness?.api('DELETE', `/services/${service}`);
    if (harness && registry) {
      const filters = encodeURIComponent(JSON.stringify({ reference: [`${registry.host}/envrb/web`] }));
      for (let attempt = 0; attempt < 20; attempt++) {
        const images = ((await harness.api('GET', `/images/json?filters=${filters}`)).json ?? []) as { Id: string }[];
        if (images.length === 0) break;
        for (const image of images) await harness.api('DELETE', `/images/${image.Id}?force=1`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await registry?.stop();
    ws?.remove();
  });

  it('rolls staging back to the version deployed before the last one, follows it, and records it like a deploy', async () => {
    const staging = await createService('web');
    const pipeline = await pipelineFor(staging);
    await release(pipeline, '1.4.0');
    await deployed(pipeline, { deployTo: 'staging' });
    await release(pipeline, '1.5.0');
    await deployed(pipeline, { deployTo: 'staging' });
    await pipeline.readTargets('staging');
    assert.deepEqual(pipeline.environments.get('staging')?.onTarget?.previous, { image: `${registry.host}/envrb/web:1.4.0`, version: '1.4.0' });

    const run = await pipeline.run({ deployTo: 'staging', deployAction: { kind: 'rollback' } });
    const stage = run.stages[0];
    const log = readFileSync(stage.logFile, 'utf8');
    assert.equal(stage.name, 'rollback-staging');
    assert.equal(stage.status, 'succeeded', `${stage.reason}\n${log}`);
    assert.equal(stage.reason, 'rolled staging back to 1.4.0');
    assert.match(log, new RegExp(`Rolling Swarm service ${staging} back: \\S+:1\\.5\\.0 → \\S+:1\\.4\\.0`));
    assert.match(log, /rollback_completed: 1\/1 running/);
    assert.equal(await serviceImage(staging), `${registry.host}/envrb/web:1.4.0`);
    const records = (await readDeployRecords(pipeline.deployer.auditFile)).records;
    const last = records.at(-1);
    assert.deepEqual([last?.action, last?.version, last?.result, last?.who, last?.commit], ['rollback', '1.4.0', 'succeeded', 'Rita Rollback', undefined]);
    await pipeline.readTargets('staging');
    assert.equal(pipeline.environments.get('staging')?.onTarget?.version, '1.4.0', 'the row reads the rolled-back version from the engine');
    assert.equal(pipeline.history.list[0]?.id, run.id, 'the rollback is a run in history');
  });

  it('promotes the image staging runs to the protected production, only when confirmed, recording staging\'s version', async () => {
    const production = await createService('prod');
    const pipeline = await pipelineFor(name('web'), production);
    const stagingImage = await serviceImage(name('web'));
    const refused = pipeline.run({ deployTo: 'production', deployAction: { kind: 'promote', from: 'staging' } });
    await assert.rejects(refused, (error: Error & { reason?: string }) => error.reason === 'forbidden');
    const run = await pipeline.run({ deployTo: 'production', deployAction: { kind: 'promote', from: 'staging' }, confirmedEnvironments: ['production'] });
    assert.equal(run.stages[0].status, 'succeeded', `${run.stages[0].reason}\n${readFileSync(run.stages[0].logFile, 'utf8')}`);
    assert.equal(run.stages[0].name, 'promote-production');
    assert.equal(await serviceImage(production), stagingImage);
    const last = (await readDeployRecords(pipeline.deployer.auditFile)).records.at(-1);
    assert.deepEqual([last?.environment, last?.action, last?.from, last?.version], ['production', 'promote', 'staging', '1.4.0']);
    const labels = ((await harness.api('GET', `/services/${production}`)).json as { Spec: { Labels: Record<string, string> } }).Spec.Labels;
    assert.equal(labels['devops-loop.deploy.version'], '1.4.0');
  });

  it('refuses a rollback of a service that was never updated, and one that is rolling out, recording nothing', async () => {
    const fresh = await createService('fresh');
    const pipeline = await pipelineFor(fresh);
    const before = (await readDeployRecords(pipeline.deployer.auditFile)).records.length;
    const none = await pipeline.run({ deployTo: 'staging', deployAction: { kind: 'rollback' } });
    assert.equal(none.stages[0].status, 'failed');
    assert.equal(none.stages[0].reason, `Swarm service "${fresh}" has no previous spec to roll back to: it was never updated`);

    const now = (await harness.api('GET', `/services/${fresh}`)).json as { Version: { Index: number }; Spec: { TaskTemplate: Record<string, unknown> } & Record<string, unknown> };
    const spec = { ...now.Spec, UpdateConfig: { Parallelism: 1, Delay: 30_000_000_000 }, Mode: { Replicated: { Replicas: 2 } }, TaskTemplate: { ...now.Spec.TaskTemplate, ForceUpdate: 1 } };
    assert.equal((await harness.api('POST', `/services/${fresh}/update?version=${now.Version.Index}`, spec)).status, 200);
    for (let waited = 0; ((await harness.api('GET', `/services/${fresh}`)).json as { UpdateStatus?: { State?: string } }).UpdateStatus?.State !== 'updating'; waited += 200) {
      assert.ok(waited < 30_000, 'the other rollout started');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const busy = await pipeline.run({ deployTo: 'staging', deployAction: { kind: 'rollback' } });
    assert.equal(busy.stages[0].status, 'failed');
    assert.match(busy.stages[0].reason ?? '', new RegExp(`Swarm service "${fresh}" is already rolling out \\(updating since `));
    assert.equal((await readDeployRecords(pipeline.deployer.auditFile)).records.length, before, 'a refused rollback is not in the audit');
  });
});

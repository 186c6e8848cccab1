import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { createEngineAccess, type EngineAccess } from '../../../src/backends/pipeline/engineAccess';
import { pushImage, tagImage } from '../../../src/backends/pipeline/image/imageEngine';
import { registryAuthHeader } from '../../../src/backends/pipeline/image/registryCredentials';
import { checkTargetFree, deployToTarget, readTarget, rollbackDestinationOf, rollbackTarget } from '../../../src/backends/pipeline/swarm/targetDeploy';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { EnvironmentConfig } from '../../../src/core/config/schema';
import { DevopsError } from '../../../src/core/errors';
import type { NetworkGate } from '../../../src/core/ports';
import { dockerSuite } from '../engines/dockerHarness';
import { startRegistry } from '../engines/registryHarness';
import { ComposeFixture } from './composeFixture';
import { tempDir } from './pipelineTestKit';

// Deploys to `target: { compose: … }` on a real dockerd, with Compose-labelled containers
// made through the API (no compose CLI): each container recreated with the released image,
// its name, environment, network and aliases kept, the deploy on its labels; an image that
// fails its health check undone with rollback: auto, kept for Rollback… otherwise; a second
// deploy refused while one runs; a service that matches nothing or several projects, an
// image that cannot be pulled, an engine that is not there, and Restricted Mode refused
// with nothing changed.

describe('Compose deploy targets on a real engine', function () {
  this.timeout(180_000);
  const suite = dockerSuite({ swarm: false, prefix: 'cmpdep' });
  let fixture: ComposeFixture;
  let engines: EngineAccess;
  let home: ReturnType<typeof tempDir>;
  const lines: string[] = [];
  const say = (text: string): void => void lines.push(text);
  const signal = new AbortController().signal;
  const project = (role: string): string => `${fixture.run}${role}`;

  const environment = (target: string, rollback: 'auto' | 'manual' = 'auto'): EnvironmentConfig => {
    const { config, problems } = parseDevopsConfig(`version: 1
environments:
  staging:
    target: { compose: ${target} }
    image: ${fixture.run}/web
    rollback: ${rollback}
    rolloutTimeout: 60s
`, 'devops.yaml');
    assert.deepEqual(problems, []);
    return config!.environments.staging;
  };
  const deploy = (config: EnvironmentConfig, version: string, who = 'Ada Deployer', access = engines): ReturnType<typeof deployToTarget> =>
    deployToTarget(access, { environment: 'staging', config, version, who, say, signal, pollMs: 200 });

  before(async () => {
    fixture = new ComposeFixture(suite.harness);
    home = tempDir('devops-compose-home-');
    engines = createEngineAccess({ docker: { host: `unix://${suite.harness.socket}` } }, { network: openNetwork, env: { ...process.env, DOCKER_CONFIG: join(home.path, 'none') } });
    await suite.harness.api('POST', `/images/${encodeURIComponent(suite.harness.image)}/tag?repo=${fixture.run}/web&tag=1.0.0`);
    fixture.images.push(fixture.tag('1.0.0'));
    await fixture.build(fixture.tag('2.0.0'), ['LABEL shop=two']);
    // No httpd: the inherited health check never passes, so the container becomes unhealthy.
    await fixture.build(fixture.tag('3.0.0-broken'), ['CMD ["/bin/busybox","sh","-c","trap \\"exit 0\\" TERM; while true; do /bin/busybox sleep 1; done"]']);
  });

  after(async () => {
    await fixture?.remove();
    home?.remove();
  });

  beforeEach(() => (lines.length = 0));

  it('recreates each container with the released image, keeping its name, environment, network and aliases, and records the deploy on its labels', async () => {
    const shop = project('a');
    const names = await fixture.up(shop, 'web', fixture.tag('1.0.0'), 2);
    await fixture.healthy(shop, 'web');
    const before = await fixture.containers(shop, 'web');
    const outcome = await deploy(environment(`${shop}/web`), '2.0.0');
    assert.deepEqual(outcome, { ok: true, reason: `Compose service ${shop}/web runs ${fixture.tag('2.0.0')}` }, lines.join('\n'));
    const after = await fixture.containers(shop, 'web');
    assert.deepEqual(after.map((c) => c.name), names, 'the same names, and nothing kept aside');
    for (const container of after) {
      assert.ok(!before.some((b) => b.id === container.id), `${container.name} is a new container`);
      assert.equal(container.image, fixture.tag('2.0.0'));
      assert.equal(container.state, 'running');
      assert.equal(container.health, 'healthy');
      assert.deepEqual(container.aliases.sort(), ['web', 'web.shop']);
      assert.equal(container.labels['com.docker.compose.project'], shop);
      assert.equal(container.labels.shop, 'two', "the new image's own labels apply");
      assert.equal(container.labels['devops-loop.deploy.version'], '2.0.0');
      assert.equal(container.labels['devops-loop.deploy.image'], fixture.tag('2.0.0'));
      assert.equal(container.labels['devops-loop.deploy.by'], 'Ada Deployer');
      assert.ok(Date.now() - Date.parse(container.labels['devops-loop.deploy.at'] ?? '') < 120_000);
      assert.equal(container.labels['devops-loop.deploy.previous-image'], fixture.tag('1.0.0'));
      assert.equal(container.labels['devops-loop.deploy.previous-version'], '1.0.0');
    }
    const env = ((await suite.harness.api('GET', `/containers/${after[0].id}/json`)).json as { Config: { Env: string[] } }).Config.Env;
    assert.ok(env.includes('SHOP_MODE=staging'));
    const running = await readTarget(engines, environment(`${shop}/web`), signal);
    assert.deepEqual({ ...running, changedAt: undefined }, {
      target: `compose ${shop}/web`,
      image: fixture.tag('2.0.0'),
      version: '2.0.0',
      replicas: { running: 2, desired: 2 },
      changedAt: undefined,
      changedBy: 'Ada Deployer',
      rollout: 'completed',
      previous: { image: fixture.tag('1.0.0'), version: '1.0.0' },
    });
    assert.equal(running?.changedAt, after[0].labels['devops-loop.deploy.at']);
  });

  it('reads a service no deploy of ours touched from its image tag and creation', async () => {
    const shop = project('r');
    // A service name of this run alone: other suites' projects on this engine have an `api` too.
    const api = `${fixture.run}-api`;
    // Labels of a deploy of another image (the container was recreated by hand since): they no longer count.
    const stale = { 'devops-loop.deploy.image': fixture.tag('0.9.0'), 'devops-loop.deploy.version': '0.9.0', 'devops-loop.deploy.by': 'Someone Earlier', 'devops-loop.deploy.at': '2020-01-01T00:00:00.000Z' };
    const [, second] = await fixture.up(shop, api, fixture.tag('1.0.0'), 2, stale);
    await suite.harness.api('POST', `/containers/${second}/stop?t=1`);
    const running = await readTarget(engines, environment(api), signal);
    assert.equal(running?.target, `compose ${shop}/${api}`);
    assert.equal(running?.version, '1.0.0');
    assert.deepEqual(running?.replicas, { running: 1, desired: 2 });
    assert.equal(running?.changedBy, undefined);
    assert.ok(running?.changedAt && Date.now() - Date.parse(running.changedAt) < 120_000);
    assert.equal(running?.previous, undefined, 'nothing to roll back to');
    await assert.rejects(rollbackDestinationOf(engines, environment(api), signal), (error: unknown) => DevopsError.is(error, 'not-found') && /nothing to roll back to/.test(error.message));
  });

  it('with rollback: auto, an image that fails its health check is undone: the old container is back under its name, running', async () => {
    const shop = project('b');
    await fixture.up(shop, 'web', fixture.tag('1.0.0'));
    await fixture.healthy(shop, 'web');
    const [old] = await fixture.containers(shop, 'web');
    const outcome = await deploy(environment(`${shop}/web`), '3.0.0-broken');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, `${shop}-web-1 is unhealthy: its health check fails; rolled back: ${shop}-web-1 run ${fixture.tag('1.0.0')} again`);
    assert.ok(lines.some((line) => line.startsWith(`Rolling Compose service ${shop}/web back`)), lines.join('\n'));
    const after = await fixture.containers(shop, 'web');
    assert.deepEqual(after.map((c) => [c.id, c.name, c.state, c.image]), [[old.id, `${shop}-web-1`, 'running', fixture.tag('1.0.0')]]);
    assert.equal((await readTarget(engines, environment(`${shop}/web`), signal))?.version, '1.0.0');
  });

  it('with rollback: manual, the failed containers stay and the replaced ones are kept for Rollback…, which restores them', async () => {
    const shop = project('m');
    await fixture.up(shop, 'web', fixture.tag('1.0.0'));
    await fixture.healthy(shop, 'web');
    const [old] = await fixture.containers(shop, 'web');
    const config = environment(`${shop}/web`, 'manual');
    const outcome = await deploy(config, '3.0.0-broken');
    assert.equal(outcome.ok, false);
    assert.match(outcome.reason, /is unhealthy: its health check fails; Compose service \S+ is left as it is, the replaced containers kept stopped as \*\.devops-loop-kept \(Rollback… restores them\)$/);
    const kept = await fixture.containers(shop, 'web');
    assert.deepEqual(kept.map((c) => [c.name, c.image]), [[`${shop}-web-1`, fixture.tag('3.0.0-broken')], [`${shop}-web-1.devops-loop-kept`, fixture.tag('1.0.0')]]);
    const state = await readTarget(engines, config, signal);
    assert.deepEqual([state?.version, state?.previous], ['3.0.0-broken', { image: fixture.tag('1.0.0'), version: '1.0.0' }]);
    assert.deepEqual(await rollbackDestinationOf(engines, config, signal), { image: fixture.tag('1.0.0'), version: '1.0.0' });
    // Someone removed the failed container by hand: a deploy has nothing to recreate, Rollback… still restores.
    await suite.harness.api('DELETE', `/containers/${kept[0].id}?force=1`);
    assert.deepEqual(await deploy(config, '2.0.0'), { ok: false, reason: `Compose service ${shop}/web has no container to recreate, only ones a failed deploy kept (${shop}-web-1.devops-loop-kept); Rollback… restores them` });

    const back = await rollbackTarget(engines, { environment: 'staging', config, who: 'Ada Deployer', say, signal, pollMs: 200 });
    assert.deepEqual(back, { ok: true, reason: `Compose service ${shop}/web rolled back to ${fixture.tag('1.0.0')}` });
    const restored = await fixture.containers(shop, 'web');
    assert.deepEqual(restored.map((c) => [c.id, c.name, c.state]), [[old.id, `${shop}-web-1`, 'running']]);
  });

  it('Rollback… after a good deploy recreates the containers with the image they replaced, from the labels alone', async () => {
    const shop = project('p');
    await fixture.up(shop, 'web', fixture.tag('1.0.0'));
    await fixture.healthy(shop, 'web');
    const config = environment(`${shop}/web`);
    assert.equal((await deploy(config, '2.0.0')).ok, true, lines.join('\n'));
    // Another window or the CLI: a fresh engine access knows nothing of that deploy but the labels.
    const other = createEngineAccess({ docker: { host: `unix://${suite.harness.socket}` } }, { network: openNetwork, env: { ...process.env, DOCKER_CONFIG: join(home.path, 'none') } });
    const back = await rollbackTarget(other, { environment: 'staging', config, who: 'Bo Other', say, signal, pollMs: 200 });
    assert.equal(back.ok, true, `${back.reason}\n${lines.join('\n')}`);
    const [now] = await fixture.containers(shop, 'web');
    assert.deepEqual([now?.image, now?.labels['devops-loop.deploy.version'], now?.labels['devops-loop.deploy.by'], now?.labels['devops-loop.deploy.previous-version']], [fixture.tag('1.0.0'), '1.0.0', 'Bo Other', '2.0.0']);
  });

  it('refuses a second deploy while one replaces containers, from any window, naming it, and changes nothing of it', async () => {
    const shop = project('c');
    await fixture.up(shop, 'web', fixture.tag('1.0.0'));
    await fixture.healthy(shop, 'web');
    const config = environment(`${shop}/web`);
    const first = deploy(config, '3.0.0-broken', 'Ada Deployer');
    for (let waited = 0; !(await fixture.containers(shop, 'web')).some((c) => c.name.endsWith('.devops-loop-old')); waited += 100) {
      assert.ok(waited < 30_000, 'the first deploy set the old container aside');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const other = createEngineAccess({ docker: { host: `unix://${suite.harness.socket}` } }, { network: openNetwork, env: process.env });
    const refusal = new RegExp(`^Compose service ${shop}/web is already being deployed of 3\\.0\\.0-broken by Ada Deployer since \\S+: container ${shop}-web-1\\.devops-loop-old is the replaced ${shop}-web-1`);
    await assert.rejects(checkTargetFree(other, config, signal), (error: unknown) => DevopsError.is(error, 'conflict') && refusal.test(error.message));
    const second = await deploy(config, '2.0.0', 'Bo Other', other);
    assert.equal(second.ok, false);
    assert.match(second.reason, refusal);
    assert.equal((await readTarget(other, config, signal))?.rollout, 'updating');
    const outcome = await first;
    assert.match(outcome.reason, /rolled back/, 'the first deploy went on to its own end');
    assert.deepEqual((await fixture.containers(shop, 'web')).map((c) => [c.name, c.image]), [[`${shop}-web-1`, fixture.tag('1.0.0')]]);
  });

  it('a deploy interrupted midway (the process killed) blocks deploys, and Rollback… puts the set-aside container back once its timeout has passed', async () => {
    const shop = project('i');
    const [slot] = await fixture.up(shop, 'web', fixture.tag('1.0.0'));
    const [old] = await fixture.containers(shop, 'web');
    // What a killed deploy leaves: the old one stopped and set aside, its successor created an hour ago.
    await suite.harness.api('POST', `/containers/${old.id}/stop?t=1`);
    await suite.harness.api('POST', `/containers/${old.id}/rename?name=${slot}.devops-loop-old`);
    const startedAt = new Date(Date.now() - 3_600_000).toISOString();
    await fixture.up(shop, 'web', fixture.tag('3.0.0-broken'), 1, { 'devops-loop.deploy.image': fixture.tag('3.0.0-broken'), 'devops-loop.deploy.version': '3.0.0-broken', 'devops-loop.deploy.by': 'Killed Kim', 'devops-loop.deploy.at': startedAt });
    const config = environment(`${shop}/web`);
    const refused = await deploy(config, '2.0.0');
    assert.equal(refused.ok, false);
    assert.match(refused.reason, new RegExp(`^Compose service ${shop}/web is already being deployed of 3\\.0\\.0-broken by Killed Kim since ${startedAt.replace(/\./g, '\\.')}: `));
    assert.deepEqual(await rollbackDestinationOf(engines, config, signal), { image: fixture.tag('1.0.0'), version: '1.0.0' });
    const back = await rollbackTarget(engines, { environment: 'staging', config, who: 'Ada Deployer', say, signal, pollMs: 200 });
    assert.equal(back.ok, true, `${back.reason}\n${lines.join('\n')}`);
    assert.deepEqual((await fixture.containers(shop, 'web')).map((c) => [c.id, c.name, c.state]), [[old.id, slot, 'running']]);
  });

  it('pulls a released image the engine lacks from its registry before touching any container', async () => {
    const registry = await startRegistry();
    const repository = `${registry.host}/${fixture.run}/web`;
    try {
      const client = engines.docker();
      await tagImage(client, fixture.tag('2.0.0'), repository, '4.0.0', signal);
      await pushImage(client, { repository, tag: '4.0.0', registryAuth: registryAuthHeader(registry.host, undefined), host: registry.host }, () => undefined, signal);
      assert.equal((await suite.harness.api('DELETE', `/images/${encodeURIComponent(`${repository}:4.0.0`)}`)).status, 200);
      const shop = project('g');
      await fixture.up(shop, 'web', fixture.tag('1.0.0'));
      const outcome = await deploy({ ...environment(`${shop}/web`), image: repository }, '4.0.0');
      assert.equal(outcome.ok, true, `${outcome.reason}\n${lines.join('\n')}`);
      assert.ok(lines.includes(`Pulling ${repository}:4.0.0`), lines.join('\n'));
      assert.deepEqual((await fixture.containers(shop, 'web')).map((c) => [c.image, c.state]), [[`${repository}:4.0.0`, 'running']]);
    } finally {
      await suite.harness.api('DELETE', `/images/${encodeURIComponent(`${repository}:4.0.0`)}?force=1`);
      await registry.stop();
    }
  });

  it('refuses a service that matches no container, or several projects, saying what to write', async () => {
    const none = await deploy(environment(`${fixture.run}zz/web`), '2.0.0');
    assert.deepEqual(none, { ok: false, reason: `the Docker engine has no container of Compose service ${fixture.run}zz/web (none is labelled com.docker.compose.service=web and com.docker.compose.project=${fixture.run}zz); start it with docker compose up first` });
    const one = project('x');
    const two = project('y');
    await fixture.up(one, 'cart', fixture.tag('1.0.0'));
    await fixture.up(two, 'cart', fixture.tag('1.0.0'));
    const both = await deploy(environment('cart'), '2.0.0');
    assert.deepEqual(both, { ok: false, reason: `Compose service cart is in 2 Compose projects (${one}, ${two}); name one in devops.yaml, e.g. \`compose: ${one}/cart\`` });
    assert.deepEqual((await fixture.containers(one, 'cart')).map((c) => c.image), [fixture.tag('1.0.0')], 'nothing was changed');
    assert.equal((await readTarget(engines, environment(`${two}/cart`), signal))?.target, `compose ${two}/cart`);
  });

  it('an image that cannot be pulled, an engine that is not there and Restricted Mode end the deploy with nothing changed', async () => {
    const shop = project('f');
    await fixture.up(shop, 'web', fixture.tag('1.0.0'));
    const before = await fixture.containers(shop, 'web');
    const unpullable = { ...environment(`${shop}/web`), image: '127.0.0.1:9/nowhere/web' };
    const pulled = await deploy(unpullable, '2.0.0');
    assert.equal(pulled.ok, false);
    assert.match(pulled.reason, /^the image 127\.0\.0\.1:9\/nowhere\/web:2\.0\.0 cannot be pulled \(.*connection refused.*\); nothing was changed$/);

    const gone = createEngineAccess({ docker: { host: `unix://${join(home.path, 'no-docker.sock')}` } }, { network: openNetwork, env: process.env });
    const down = await deploy(environment(`${shop}/web`), '2.0.0', 'Ada Deployer', gone);
    assert.equal(down.ok, false);
    assert.match(down.reason, /^the Docker engine is not running: there is no socket at /);

    const asked: string[] = [];
    const restricted: NetworkGate = {
      open(target) {
        asked.push(target.href);
        throw new DevopsError('untrusted', 'Restricted Mode: DevOps Loop opens no connection in an untrusted workspace');
      },
    };
    const untrusted = createEngineAccess({ docker: { host: `unix://${suite.harness.socket}` } }, { network: restricted, env: process.env });
    const refused = await deploy(environment(`${shop}/web`), '2.0.0', 'Ada Deployer', untrusted);
    assert.deepEqual(refused, { ok: false, reason: 'Restricted Mode: DevOps Loop opens no connection in an untrusted workspace' });
    assert.equal(asked.length, 1, 'the gate was asked once and refused: no request reached the engine');
    assert.deepEqual((await fixture.containers(shop, 'web')).map((c) => [c.id, c.image, c.labels['devops-loop.deploy.version']]), before.map((c) => [c.id, c.image, undefined]));
  });
});

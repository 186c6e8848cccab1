import * as assert from 'node:assert/strict';
import { devopsConfigSchema } from '../../../src/core/config/schema';
import type { EngineSnapshot, Workload } from '../../../src/core/engines/engineTypes';
import { liveMapNodes } from '../../../src/core/engines/liveMapNodes';
import { liveServices } from '../../../src/core/engines/liveServices';
import { imageTag, rollupHealth, rollupState } from '../../../src/core/engines/workloadRollup';
import { autoscalerAtMax, EngineAlerts, replicasUnavailable } from '../../../src/core/monitor/engineAlerts';
import type { AlertTransition } from '../../../src/core/monitor/alerts';

// The core model over engine snapshots: declared services joined to the workloads their
// runsOn names, the undeclared ones grouped engine → project/stack, and the
// replicas-unavailable alert held for a duration.

function workload(id: string, fields: Partial<Workload> = {}): Workload {
  const [engine, kind, group, name] = id.split('/');
  return {
    id,
    engine: engine as Workload['engine'],
    kind: kind as Workload['kind'],
    group: group === '-' ? undefined : { kind: kind === 'compose-service' ? 'compose' : kind === 'swarm-service' ? 'stack' : 'namespace', name: group },
    name,
    state: 'running',
    health: 'healthy',
    restarts: 0,
    members: [],
    labels: {},
    ...fields,
  };
}

function snapshot(workloads: Workload[], fields: Partial<EngineSnapshot> = {}): EngineSnapshot {
  return { engineId: 'docker', engine: 'docker', workloads, at: 1, stale: false, ...fields };
}

const services = devopsConfigSchema.parse({
  version: 1,
  engines: { docker: {} },
  services: {
    web: { runsOn: { compose: 'shop/web' } },
    api: { runsOn: { swarm: 'shop_api' } },
    worker: { runsOn: { compose: 'worker' } },
    docs: { url: 'http://127.0.0.1:8000' },
    cache: { runsOn: { compose: 'cache' } },
  },
}).services;

describe('live services: declared and running', () => {
  it('joins declared services to their workloads and groups the rest engine → project/stack', () => {
    const live = liveServices(services, [
      snapshot([
        workload('docker/compose-service/shop/web', { replicas: { desired: 2, ready: 2 } }),
        workload('docker/compose-service/other/web'),
        workload('docker/compose-service/shop/db'),
        workload('docker/swarm-service/shop/shop_api', { replicas: { desired: 3, ready: 1 } }),
        workload('docker/compose-service/a/worker'),
        workload('docker/compose-service/b/worker'),
        workload('docker/container/-/adhoc'),
      ]),
    ]);
    const byName = new Map(live.all.filter((s) => s.declared).map((s) => [s.name, s]));
    assert.equal(byName.get('web')?.workload?.id, 'docker/compose-service/shop/web', 'project/service picks the project');
    assert.deepEqual(byName.get('api')?.workload?.replicas, { desired: 3, ready: 1 });
    assert.equal(byName.get('worker')?.workload, undefined);
    assert.match(byName.get('worker')?.problem ?? '', /compose worker matches 2 workloads \(in a, b\); name one, e\.g\. a\/worker/);
    assert.equal(byName.get('docs')?.engineId, undefined, 'a service on no engine');
    assert.match(byName.get('cache')?.problem ?? '', /compose cache is not running on the engine/);
    assert.deepEqual(
      live.groups.map((g) => `${g.engineId}:${g.group?.kind ?? '-'}:${g.group?.name ?? '-'}=${g.services.map((s) => s.name).join(',')}`),
      ['docker:-:-=adhoc', 'docker:compose:a=worker', 'docker:compose:b=worker', 'docker:compose:other=web', 'docker:compose:shop=db'],
    );
    assert.deepEqual(live.all.map((s) => s.id).slice(0, 5), ['services/web', 'services/api', 'services/worker', 'services/docs', 'services/cache']);
    assert.ok(!live.all.some((s) => s.id === 'docker/compose-service/shop/web'), 'a bound workload shows once, under its declared name');
  });

  it('keeps a stale engine visible: the bound service is marked stale and says why when it is missing', () => {
    const error = { reason: 'unavailable', message: 'the Docker engine is not running: there is no socket at /var/run/docker.sock' };
    const live = liveServices(services, [snapshot([workload('docker/compose-service/shop/web')], { stale: true, error })]);
    const web = live.all.find((s) => s.name === 'web');
    assert.equal(web?.stale, true);
    assert.ok(web?.workload, 'the last good data stays');
    assert.match(live.all.find((s) => s.name === 'cache')?.problem ?? '', /the engine did not answer: the Docker engine is not running/);
    assert.match(liveServices(services, []).all.find((s) => s.name === 'api')?.problem ?? '', /no Docker engine is watched/);
  });
});

describe('live workloads on the service map', () => {
  it('adds a box per undeclared workload without clashing with declared names, and colours bound services by their workload', () => {
    const live = liveServices(services, [
      snapshot([
        workload('docker/compose-service/shop/web', { replicas: { desired: 2, ready: 1 } }),
        workload('docker/swarm-service/shop/shop_api', { state: 'failed' }),
        workload('docker/compose-service/shop/cache'),
        workload('docker/container/-/web'),
        workload('docker/container/-/docs', { state: 'running', health: 'unhealthy' }),
      ]),
    ]);
    const nodes = liveMapNodes(live, new Set(Object.keys(services)));
    assert.deepEqual([...nodes.workloads.keys()], ['docs (docker)', 'web (docker)']);
    assert.deepEqual(nodes.health, { web: 'degraded', api: 'down', cache: 'up', 'docs (docker)': 'degraded', 'web (docker)': 'up' });
  });
});

describe('workload rollup', () => {
  const member = (state: Workload['state'], health: Workload['health']): Workload['members'][number] => ({ id: state, name: state, state, health, restarts: 0 });

  it('runs while any member runs, fails when none does and one failed, and takes the worst health of live members', () => {
    assert.equal(rollupState([member('running', 'healthy'), member('failed', 'none')]), 'running');
    assert.equal(rollupState([member('failed', 'none'), member('stopped', 'none')]), 'failed');
    assert.equal(rollupState([member('stopped', 'none')]), 'stopped');
    assert.equal(rollupState([member('running', 'healthy')], true), 'updating');
    assert.equal(rollupHealth([member('running', 'healthy'), member('running', 'unhealthy')]), 'unhealthy');
    assert.equal(rollupHealth([member('failed', 'unhealthy'), member('running', 'healthy')]), 'healthy', 'a dead member has no health');
  });

  it('reads the version from an image reference as people write them', () => {
    assert.equal(imageTag('registry.local:5000/shop/api:1.4.2'), '1.4.2');
    assert.equal(imageTag('nginx'), 'latest');
    assert.equal(imageTag('registry.local:5000/nginx'), 'latest');
    assert.equal(imageTag('shop/api:2.0@sha256:0123abcd'), '2.0');
    assert.equal(imageTag('shop/api@sha256:0123abcd'), undefined);
    assert.equal(imageTag('sha256:0123abcd'), undefined);
  });
});

describe('replicas-unavailable', () => {
  const api = (ready: number, desired = 3, state: Workload['state'] = 'running'): EngineSnapshot[] => [snapshot([workload('docker/swarm-service/shop/shop_api', { replicas: { desired, ready }, state })])];

  function track(alerts: EngineAlerts): string[] {
    const seen: string[] = [];
    alerts.onDidTransition((t: AlertTransition) => seen.push(`${t.to}${t.severity ? `(${t.severity})` : ''}: ${t.message}`));
    return seen;
  }

  it('fires once ready < desired has held for its duration, critical when none is ready, and resolves', () => {
    const alerts = new EngineAlerts([replicasUnavailable], { 'replicas-unavailable': 60_000 });
    const seen = track(alerts);
    alerts.observe(api(3), 0);
    alerts.observe(api(2), 1000);
    alerts.tick(60_999);
    assert.equal(alerts.statuses()[0].state, 'pending');
    alerts.tick(61_000);
    alerts.observe(api(0), 70_000);
    alerts.observe(api(3), 80_000);
    assert.deepEqual(seen, [
      'pending(warning): replicas-unavailable shop/shop_api is pending (warning): 2 of 3 replicas ready',
      'firing(warning): replicas-unavailable shop/shop_api is firing (warning): 2 of 3 replicas ready',
      'firing(critical): replicas-unavailable shop/shop_api is firing (critical): 0 of 3 replicas ready',
      'resolved: replicas-unavailable shop/shop_api resolved: 3 of 3 replicas ready',
    ]);
  });

  it('does not fire for a blip shorter than its duration, nor on stale data, nor for a service stopped on purpose', () => {
    const alerts = new EngineAlerts([replicasUnavailable], { 'replicas-unavailable': 30_000 });
    const seen = track(alerts);
    alerts.observe(api(1), 0);
    alerts.observe(api(3), 10_000);
    alerts.observe([snapshot(api(0)[0].workloads, { stale: true })], 20_000);
    alerts.tick(100_000);
    alerts.observe(api(0, 2, 'stopped'), 110_000);
    alerts.tick(200_000);
    assert.deepEqual(seen.map((s) => s.split(':')[0]), ['pending(warning)', 'inactive']);
    assert.equal(alerts.statuses()[0].state, 'inactive');
  });

  it('resolves and forgets the alert of a workload that is gone', () => {
    const alerts = new EngineAlerts([replicasUnavailable], { 'replicas-unavailable': 0 });
    const seen = track(alerts);
    alerts.observe(api(1), 0);
    alerts.observe([snapshot([])], 1000);
    assert.deepEqual(seen, ['firing(warning): replicas-unavailable shop/shop_api is firing (warning): 1 of 3 replicas ready', 'resolved: replicas-unavailable shop/shop_api resolved: no longer on the engine']);
    assert.deepEqual(alerts.statuses(), []);
    alerts.observe([snapshot([workload('docker/container/-/adhoc')])], 2000);
    assert.deepEqual(alerts.statuses(), [], 'a single container has no replicas to judge');
  });
});

describe('autoscaler-at-max', () => {
  const hpa = (current: number, cpu: number | undefined): EngineSnapshot[] => [
    snapshot([
      workload('kubernetes/deployment/shop/api', {
        engine: 'kubernetes',
        replicas: { desired: current, ready: current },
        autoscaler: { name: 'api', min: 2, max: 5, current, desired: current, metrics: [{ name: 'cpu', current: cpu, target: 70, unit: '%' }], conditions: [] },
      }),
    ], { engineId: 'kubernetes:prod', engine: 'kubernetes' }),
  ];

  it('warns once an autoscaler at its maximum keeps a metric above target for its duration, not below the maximum, and waits on no data', () => {
    const alerts = new EngineAlerts([autoscalerAtMax], { 'autoscaler-at-max': 60_000 });
    const seen: string[] = [];
    alerts.onDidTransition((t) => seen.push(`${t.to}: ${t.message}`));
    alerts.observe(hpa(4, 95), 0);
    alerts.observe(hpa(5, 95), 1000);
    alerts.observe(hpa(5, undefined), 30_000);
    alerts.tick(61_000);
    assert.equal(alerts.statuses()[0].state, 'pending', 'no data neither fires nor clears');
    alerts.observe(hpa(5, 95), 62_000);
    alerts.observe(hpa(5, 60), 70_000);
    assert.deepEqual(seen, [
      'pending: autoscaler-at-max shop/api is pending (warning): 5 of at most 5 replicas; cpu at 95% against a target of 70%',
      'firing: autoscaler-at-max shop/api is firing (warning): 5 of at most 5 replicas; cpu at 95% against a target of 70%',
      'resolved: autoscaler-at-max shop/api resolved: 5 of at most 5 replicas; cpu at 60% against a target of 70%',
    ]);
    alerts.observe([snapshot([workload('docker/swarm-service/shop/shop_api', { replicas: { desired: 2, ready: 2 } })])], 80_000);
    assert.deepEqual(alerts.statuses(), [], 'a workload without an autoscaler has nothing to judge');
  });
});

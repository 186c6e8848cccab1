import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProbe } from '../../../src/backends/probes/createProbe';
import { devopsConfigSchema, type ServiceConfig } from '../../../src/core/config/schema';
import { RefreshScheduler } from '../../../src/core/refresh/refreshScheduler';
import type { HealthTransition } from '../../../src/core/services/healthTracker';
import type { HealthProbe } from '../../../src/core/services/healthTypes';
import { ServicesModel } from '../../../src/core/services/servicesModel';
import { openNetwork } from '../../../src/backends/http/openNetwork';

// devops.yaml refuses probe intervals under 1 s; these real-timer tests probe every 50 ms
// to stay fast, so their intervals are put back after validation.
function services(yamlLike: Record<string, unknown>): Record<string, ServiceConfig> {
  const fast = new Map<string, string>();
  const input = structuredClone(yamlLike) as Record<string, { health?: { interval?: string } }>;
  for (const [name, service] of Object.entries(input)) {
    if (service.health?.interval === undefined) continue;
    fast.set(name, service.health.interval);
    service.health.interval = '1s';
  }
  const parsed = devopsConfigSchema.parse({ version: 1, services: input }).services;
  for (const [name, interval] of fast) parsed[name].health!.interval = interval;
  return parsed;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(10);
  }
}

describe('ServicesModel with the real scheduler and a real server', () => {
  let server: http.Server;
  let base: string;
  let apiStatus = 200;
  let hits = 0;
  let scheduler: RefreshScheduler;
  let model: ServicesModel;

  before(async () => {
    server = http.createServer((req, res) => {
      hits++;
      res.statusCode = req.url === '/api' ? apiStatus : 200;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    apiStatus = 200;
    hits = 0;
    scheduler = new RefreshScheduler({ groupConcurrency: { services: 8 } });
  });

  afterEach(() => {
    model?.dispose();
    scheduler.dispose();
  });

  function config(): Record<string, ServiceConfig> {
    return services({
      web: { url: 'http://localhost:3000', ports: [3000], env: ['API_URL'], dependsOn: ['api'], health: { http: `${base}/web`, interval: '50ms', timeout: '500ms' } },
      api: { dependsOn: ['db'], health: { http: `${base}/api`, interval: '50ms', timeout: '500ms' } },
      db: { ports: [5432] },
    });
  }

  it('probes only while watched, and gives snapshots a tree can render', async () => {
    model = new ServicesModel({ scheduler, createProbe: (_n, s) => (s.health ? createProbe(s.health, { service: _n, network: openNetwork, cwd: process.cwd() }) : undefined) });
    model.setServices(config());
    await sleep(200);
    assert.equal(hits, 0, 'nobody watches: no probe');
    const watch = model.watch();
    await until('web up', () => model.service('web')?.state === 'up' && model.service('api')?.state === 'up');
    const web = model.service('web')!;
    assert.deepEqual(web.dependsOn, ['api']);
    assert.deepEqual(model.service('db')!.dependents, ['api']);
    assert.deepEqual(model.service('api')!.dependents, ['web']);
    assert.deepEqual(
      web.endpoints.map((e) => `${e.kind}:${e.value}`),
      ['url:http://localhost:3000', `url:${base}/web`, 'address:localhost:3000', 'env:API_URL'],
    );
    assert.equal(model.service('db')!.state, 'unknown');
    assert.equal(model.service('db')!.probed, false);
    assert.equal(model.summary().text, '2/2 up');
    watch.dispose();
    await sleep(100);
    const after = hits;
    await sleep(200);
    assert.equal(hits, after, 'probing stops when no one watches');
  });

  it('reports one transition per incident and a worst-of summary', async () => {
    model = new ServicesModel({ scheduler, createProbe: (_n, s) => (s.health ? createProbe(s.health, { service: _n, network: openNetwork, cwd: process.cwd() }) : undefined) });
    const transitions: HealthTransition[] = [];
    const summaries: string[] = [];
    const changed = new Set<string>();
    model.onDidTransition((t) => transitions.push(t));
    model.onDidChangeSummary((s) => summaries.push(s.text));
    model.onDidChangeService((name) => changed.add(name));
    model.setServices(config());
    model.watch();
    await until('up', () => model.summary().text === '2/2 up');
    apiStatus = 500;
    await until('api down', () => model.service('api')?.state === 'down');
    await sleep(200); // several more failing probes: still one notification
    apiStatus = 200;
    await until('api up again', () => model.service('api')?.state === 'up');
    assert.deepEqual(
      transitions.map((t) => `${t.service}:${t.kind}`),
      ['api:down', 'api:recovered'],
    );
    assert.ok(summaries.includes('api down'), summaries.join(' | '));
    assert.equal(summaries[summaries.length - 1], '2/2 up');
    assert.ok(changed.has('api') && changed.has('web'));
    assert.ok(model.service('api')!.history.some((r) => r.detail.includes('HTTP 500')));
  });

  it('a hung probe never delays the others, and ends as down/timeout', async () => {
    const stuck: HealthProbe = { target: 'stuck', check: () => new Promise(() => undefined) };
    model = new ServicesModel({
      scheduler,
      createProbe: (name, s) => (name === 'stuck' ? stuck : s.health ? createProbe(s.health, { service: name, network: openNetwork, cwd: process.cwd() }) : undefined),
    });
    model.setServices({ ...config(), ...services({ stuck: { health: { http: 'http://ignored', interval: '50ms', timeout: '100ms' } } }) });
    model.watch();
    await sleep(600);
    assert.ok(model.service('web')!.history.length >= 5, `web probed ${model.service('web')!.history.length} times`);
    await until('stuck times out', () => model.service('stuck')?.lastResult?.reason === 'timeout', 3_000);
    assert.equal(model.service('stuck')!.state, 'down');
  });

  it('keeps history across a reload when the health block is unchanged, and reports graph issues', async () => {
    model = new ServicesModel({ scheduler, createProbe: (_n, s) => (s.health ? createProbe(s.health, { service: _n, network: openNetwork, cwd: process.cwd() }) : undefined) });
    let structure = 0;
    model.onDidChangeServices(() => structure++);
    model.setServices(config());
    model.watch();
    await until('probed', () => (model.service('web')?.history.length ?? 0) >= 2);
    const kept = model.service('web')!.history.length;
    const next = config();
    next.web = { ...next.web, description: 'the front end' };
    next.loop = services({ loop: { dependsOn: ['loop', 'ghost'] } }).loop!;
    next.db = { ...next.db, dependsOn: ['web'] };
    model.setServices(next);
    assert.equal(structure, 2);
    assert.ok(model.service('web')!.history.length >= kept);
    assert.equal(model.service('web')!.config.description, 'the front end');
    // The kept service goes on recording probe results after the reload.
    const lastAt = model.service('web')!.lastResult!.at;
    await until('a probe result after the reload', () => model.service('web')!.lastResult!.at > lastAt);
    assert.deepEqual(
      model.graphIssues().map((i) => i.kind).sort(),
      ['cycle', 'self-dependency', 'unknown-dependency'],
    );
    const cycle = model.graphIssues().find((i) => i.kind === 'cycle')!;
    assert.equal(cycle.message, 'Dependency cycle: web → api → db → web.');
  });
});

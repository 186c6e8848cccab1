import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { DevopsConfig } from '../../../src/core/config/schema';
import { parseSprintFile } from '../../../src/core/plan/sprintParser';
import { copyDemo, demoPorts, fetchText, freePortBase, isAlive, pidFiles, processesMentioning, runScript } from './demoHarness';
import { parseExposition, sumOf } from './prometheusText';

const SERVICES = ['web', 'api', 'store'];

/** The part of Prometheus' /api/v1/query answer the test reads. */
interface PromResponse {
  /** "success" or "error". */
  status: string;
  /** Instant vector result. */
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

function loadConfig(text: string, file: string): DevopsConfig {
  const { config, problems } = parseDevopsConfig(text, file);
  assert.deepEqual(problems, [], `${file} has problems`);
  return config!;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  for (const started = Date.now(); !check(); await sleep(100)) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
  }
}

describe('demo workspace', function () {
  this.timeout(60_000);
  let dir = '';
  let base = 0;
  let env: Record<string, string> = {};
  let config: DevopsConfig;
  const startedPids = new Set<number>();
  const url = (name: string, pathname: string): string => `http://127.0.0.1:${base + demoPorts.OFFSETS[name]}${pathname}`;
  const readLog = (name: string): string => fs.readFileSync(path.join(dir, 'logs', `${name}.log`), 'utf8');
  const rememberPids = (): void => Object.values(pidFiles(dir)).forEach((pid) => startedPids.add(pid));

  before(async () => {
    dir = copyDemo();
    base = await freePortBase();
    // No synthetic traffic and no injected failures: the tests' own requests are all there is.
    env = { DEVOPS_DEMO_PORT_BASE: String(base), DEVOPS_DEMO_TRAFFIC_MS: '0', DEMO_ERROR_RATE: '0', DEVOPS_DEMO_PROMETHEUS: '0' };
    const started = await runScript(dir, ['scripts/services.js', 'start'], env);
    rememberPids();
    assert.equal(started.code, 0, started.stderr + started.stdout);
    config = loadConfig(demoPorts.shiftPorts(fs.readFileSync(path.join(dir, 'devops.yaml'), 'utf8'), base), 'devops.yaml');
  });

  after(async () => {
    if (dir) await runScript(dir, ['scripts/services.js', 'stop'], env);
    for (const pid of startedPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('devops.yaml loads without a problem and uses every part of the format', () => {
    const demo = loadConfig(fs.readFileSync(path.join(dir, 'devops.yaml'), 'utf8'), 'devops.yaml');
    assert.equal(demo.plan?.provider, 'file');
    assert.deepEqual(Object.keys(demo.services), SERVICES);
    assert.deepEqual(demo.services.web?.dependsOn, ['api']);
    assert.deepEqual(demo.services.api?.dependsOn, ['store']);
    const stages = demo.pipeline?.stages ?? {};
    assert.deepEqual(Object.keys(stages), ['build', 'test', 'lint', 'release', 'deploy-staging', 'deploy-production', 'image']);
    assert.deepEqual(Object.entries(stages).filter(([, s]) => s.manual).map(([name]) => name), ['image'], 'the image stage needs an engine, so only Run Stage runs it');
    assert.ok(fs.existsSync(path.join(dir, stages.image?.context ?? '.', 'Dockerfile')), 'the image stage has its Dockerfile');
    assert.deepEqual(demo.environments.stack?.target, { swarm: 'devops-demo_web' }, 'the web service of the stack engines.js deploys');
    assert.equal(demo.environments.stack?.image, stages.image?.image, 'the stack deploys what the image stage releases');
    assert.equal(stages.image?.image, `127.0.0.1:${7300 + (demoPorts.OFFSETS.registry ?? 0)}/devops-demo/web`, 'the registry engines.js starts');
    assert.equal(stages.release?.kind, 'release');
    assert.equal(stages['deploy-production']?.environment, 'production');
    assert.deepEqual(Object.entries(stages).filter(([, s]) => s.on.length > 0).map(([name, s]) => [name, s.on]), [['deploy-staging', ['merge']]]);
    assert.equal(demo.environments.production?.protected, true);
    assert.deepEqual(demo.monitor?.charts.map((c) => c.metric ?? 'query'), ['cpu', 'memory', 'disk', 'latency', 'query', 'query']);
    assert.ok(demo.monitor?.alerts.some((a) => a.service === 'api'));
    assert.deepEqual(demo.engines, { docker: {} }, 'the local Docker engine, where npm start runs the shop too');
    assert.deepEqual(SERVICES.map((name) => demo.services[name]?.runsOn), SERVICES.map((name) => ({ compose: `devops-demo/${name}` })), 'each service bound to its container of the Compose project engines.js starts');
    for (const script of Object.values(stages).flatMap((s) => (s.run ? [s.run] : []))) {
      assert.ok(fs.existsSync(path.join(dir, script.split(' ')[1])), `${script} names a missing script`);
    }
  });

  it('sprint.yaml loads without a problem and has items in every status', () => {
    const file = path.join(dir, config.plan!.file);
    const { sprint, problems } = parseSprintFile(fs.readFileSync(file, 'utf8'), file, config.plan!.statuses);
    assert.deepEqual(problems, []);
    assert.ok(sprint!.items.length >= 12);
    assert.deepEqual(new Set(sprint!.items.map((i) => i.status)), new Set(config.plan!.statuses));
    assert.match(fs.readFileSync(file, 'utf8'), /^ {2}# /m, 'comments between items, for the file provider to keep');
  });

  it('every service answers the health probe devops.yaml declares for it', async () => {
    for (const name of SERVICES) {
      const health = config.services[name].health!;
      const { status, body } = await fetchText(health.http!);
      assert.equal(status, health.expectStatus, name);
      assert.match(body, new RegExp(health.bodyMatch ?? 'ok'), name);
    }
  });

  it('a request flows web -> api -> store, and each /metrics is valid Prometheus text that counts it', async () => {
    const orders = await fetchText(url('web', '/orders'), { 'x-request-id': 'test-flow-1' });
    assert.equal(orders.status, 200, orders.body);
    assert.ok((JSON.parse(orders.body) as unknown[]).length >= 3);
    const routes: Record<string, string> = { web: '/orders', api: '/api/orders', store: '/items' };
    for (const name of SERVICES) {
      const metrics = await fetchText(url(name, '/metrics'));
      const exposition = parseExposition(metrics.body);
      assert.equal(exposition.types.get('demo_http_requests_total'), 'counter');
      assert.equal(exposition.types.get('demo_http_request_duration_seconds'), 'histogram');
      assert.equal(exposition.types.get('process_resident_memory_bytes'), 'gauge');
      for (const family of exposition.types.keys()) assert.ok(exposition.help.has(family), `${family} has no HELP`);
      const route = { service: name, route: routes[name] };
      assert.equal(sumOf(exposition, 'demo_http_requests_total', { ...route, status: '200' }), 1, name);
      assert.equal(sumOf(exposition, 'demo_http_request_duration_seconds_bucket', { ...route, le: '+Inf' }), 1, name);
      assert.ok(sumOf(exposition, 'process_resident_memory_bytes') > 1_000_000, name);
    }
  });

  it('log files get plain and JSON lines, with the request id passed along', async () => {
    for (const name of SERVICES) {
      await waitFor(`${name}.log to name test-flow-1`, () => readLog(name).includes('rid=test-flow-1'));
      const lines = readLog(name).trimEnd().split('\n');
      assert.match(lines.find((l) => l.includes('rid=test-flow-1'))!, /^\S+Z INFO {2}\[\w+\] GET \S+ 200 \d+ms rid=test-flow-1$/);
      const listening = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; url: string });
      assert.ok(listening.some((event) => event.msg === 'listening' && event.url === url(name, '')), name);
    }
  });

  it('a stopped api makes web answer 502 and log an error; restart brings it back', async () => {
    const stopped = await runScript(dir, ['scripts/services.js', 'stop', 'api'], env);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(pidFiles(dir).api, undefined);
    const broken = await fetchText(url('web', '/orders'), { 'x-request-id': 'test-down-1' });
    assert.equal(broken.status, 502);
    await waitFor('the error line', () => /ERROR \[web\] GET \/orders 502 .*rid=test-down-1/.test(readLog('web')));
    const restarted = await runScript(dir, ['scripts/services.js', 'restart', 'api'], env);
    rememberPids();
    assert.equal(restarted.code, 0, restarted.stderr);
    assert.equal((await fetchText(url('web', '/orders'))).status, 200);
  });

  it('deploy prints progress and writes its record', async () => {
    const deployEnv = { ...env, DEVOPS_DEMO_STEP_MS: '20', DEVOPS_VERSION: '9.8.7', DEVOPS_COMMIT: 'abc1234' };
    const result = await runScript(dir, ['scripts/deploy.js', 'staging'], deployEnv);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /uploading 50%[\s\S]*smoke check: web answers \/healthz/);
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.devops', 'deployed-staging.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([record.environment, record.version, record.commit], ['staging', '9.8.7', 'abc1234']);
    assert.ok(Math.abs(Date.parse(String(record.deployedAt)) - Date.now()) < 60_000);
    assert.match(readLog('deploy'), /INFO {2}\[deploy\] staging 9\.8\.7 abc1234/);
    assert.equal((await runScript(dir, ['scripts/deploy.js', 'qa'], deployEnv)).code, 2);
    assert.ok(!fs.existsSync(path.join(dir, '.devops', 'deployed-qa.json')));
  });

  it('build, lint and test pass, and test writes a JUnit report that shows a requested failure', async () => {
    for (const stage of ['build', 'lint', 'test']) {
      const result = await runScript(dir, [`scripts/${stage}.js`], env);
      assert.equal(result.code, 0, `${stage}: ${result.stdout}${result.stderr}`);
    }
    const report = path.join(dir, config.pipeline!.stages.test.reports[0]);
    assert.match(fs.readFileSync(report, 'utf8'), /<testsuites name="demo-shop" tests="\d+" failures="0" skipped="1">/);
    const failing = await runScript(dir, ['scripts/test.js'], { ...env, DEVOPS_DEMO_FAIL: 'test' });
    assert.equal(failing.code, 1);
    assert.match(fs.readFileSync(report, 'utf8'), /file="tests\/orders.test.js" line="\d+"[^>]*>\s*<failure message="Expected/);
  });

  it('Prometheus (when installed) scrapes all three services and accepts the charts\' queries', async function () {
    if (spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status !== 0) this.skip();
    const started = await runScript(dir, ['scripts/services.js', 'start', 'prometheus'], env);
    rememberPids();
    assert.equal(started.code, 0, started.stderr + started.stdout);
    const query = async (promql: string): Promise<PromResponse> =>
      JSON.parse((await fetchText(`${config.monitor!.prometheus!.url}/api/v1/query?query=${encodeURIComponent(promql)}`)).body) as PromResponse;
    for (const startedAt = Date.now(); (await query('sum(up{job="demo"})')).data.result[0]?.value[1] !== '3'; await sleep(500)) {
      if (Date.now() - startedAt > 30_000) assert.fail('Prometheus did not scrape the three services within 30s');
    }
    for (const chart of config.monitor!.charts.filter((c) => c.query)) assert.equal((await query(chart.query!)).status, 'success', chart.title);
    const services = (await query('count by (service) (demo_http_requests_total)')).data.result.map((r) => r.metric.service);
    assert.deepEqual(services.sort(), ['api', 'store', 'web']);
  });

  it('stop ends every demo process', async () => {
    rememberPids();
    const prometheus = pidFiles(dir).prometheus === undefined ? 0 : 1;
    assert.equal(startedPids.size, SERVICES.length + 1 + prometheus, 'three services, api started twice, maybe Prometheus');
    const stopped = await runScript(dir, ['scripts/services.js', 'stop'], env);
    assert.equal(stopped.code, 0, stopped.stderr);
    for (const pid of startedPids) assert.ok(!isAlive(pid), `pid ${pid} is still running`);
    assert.deepEqual(processesMentioning(dir), []);
    assert.deepEqual(pidFiles(dir), {});
    await assert.rejects(fetchText(url('web', '/healthz')));
  });
});

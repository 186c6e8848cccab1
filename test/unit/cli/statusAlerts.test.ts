import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusCommand } from '../../../src/cli/commands/status';
import type { StatusSection } from '../../../src/cli/commands/statusReport';
import { startRealPrometheus, type RealPrometheus } from '../monitor/realPrometheus';
import { refusedPort, startHttpServer, type TestHttpServer } from '../services/localServers';
import { bundleCli, type CliBundle } from './cliBundle';

// `devops-loop status` evaluates monitor.alerts against what it measures now: a real
// Prometheus answering PromQL, real HTTP services probed on 127.0.0.1, the host itself.
describe('devops-loop status: the alerts section', function () {
  this.timeout(60_000);
  let prometheus: RealPrometheus;
  let services: TestHttpServer;
  let dir: string;

  before(async () => {
    [prometheus, services] = await Promise.all([startRealPrometheus(), startHttpServer()]);
  });
  after(async () => {
    await Promise.all([prometheus?.stop(), services?.close()]);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-status-alerts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeConfig(monitor: string, servicesYaml = `  web:\n    health: { http: "${services.base}/fast" }\n`): void {
    writeFileSync(join(dir, 'devops.yaml'), `version: 1\nservices:\n${servicesYaml}monitor:\n${monitor}`);
  }

  async function status(...args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await statusCommand.run([dir, ...args], { out: (t) => void (out += t), err: (t) => void (out += t) });
    return { code, out };
  }

  async function alertsJson(...args: string[]): Promise<{ code: number; alerts: StatusSection }> {
    const { code, out } = await status('--json', ...args);
    const parsed = JSON.parse(out) as { sections: StatusSection[] };
    const alerts = parsed.sections.find((s) => s.name === 'alerts');
    assert.ok(alerts, out);
    return { code, alerts };
  }

  it('prints a firing critical alert with its value, threshold and since-when, and exits 1', async () => {
    writeConfig(`  prometheus: { url: "${prometheus.url}" }\n  alerts:\n    - { name: errors, query: "vector(0.7)", warning: 0.05, critical: 0.5 }\n    - { name: calm, query: "vector(0.01)", warning: 0.05, critical: 0.5 }\n`);
    const before = Date.now();
    const { code, out } = await status();
    assert.equal(code, 1, out);
    assert.match(out, /^Services: 1\/1 up$/m);
    assert.match(out, /^Alerts: 1 critical firing \(2 rules\)$/m);
    const line = /^ {2}CRITICAL +errors +vector\(0\.7\) 0\.7 ≥ critical 0\.5, firing since (\S+)$/m.exec(out);
    assert.ok(line, out);
    const since = Date.parse(line[1]);
    assert.ok(since >= before - 1000 && since <= Date.now(), `since ${line[1]}`);
    assert.match(out, /^ {2}ok +calm +vector\(0\.01\) 0\.01 \(fires at or above warning 0\.05, critical 0\.5\)$/m);
  });

  it('a firing warning and a lower-is-worse rule print but leave the exit code 0', async () => {
    writeConfig(`  prometheus: { url: "${prometheus.url}" }\n  alerts:\n    - { name: slow, query: "vector(0.1)", warning: 0.05, critical: 0.5 }\n    - { name: free-disk, query: "vector(20)", warning: 25, critical: 10 }\n`);
    const { code, out } = await status();
    assert.equal(code, 0, out);
    assert.match(out, /^Alerts: 2 warning firing \(2 rules\)$/m);
    assert.match(out, /WARNING +slow +vector\(0\.1\) 0\.1 ≥ warning 0\.05, firing since/);
    assert.match(out, /WARNING +free-disk +vector\(20\) 20 ≤ warning 25, firing since/);
  });

  it('a rule held for a duration shows as pending in one pass, and fires under --watch', async () => {
    writeConfig(`  prometheus: { url: "${prometheus.url}" }\n  alerts:\n    - { name: errors, query: "vector(0.7)", warning: 0.05, critical: 0.5, for: 1s }\n`);
    const once = await status();
    assert.equal(once.code, 0, 'a pending alert does not fail the status');
    assert.match(once.out, /^Alerts: none firing \(1 rule; 1 pending\)$/m);
    assert.match(once.out, /pending +errors +vector\(0\.7\) 0\.7 ≥ critical 0\.5 now, not yet held for 1s \(one pass; --watch 1s can prove it\)/);
    const watched = await alertsJson('--watch', '1500ms');
    assert.equal(watched.code, 1);
    const facts = watched.alerts.items[0].alert;
    assert.deepEqual({ state: facts?.state, severity: facts?.severity, value: facts?.value, for: facts?.for }, { state: 'firing', severity: 'critical', value: 0.7, for: '1s' });
    const tooShort = await status('--watch', '200ms');
    assert.match(tooShort.out, /not held for 1s within --watch 200ms/);
  });

  it('a service rule reads this run\'s probe: a refused service fires critical', async () => {
    const port = await refusedPort();
    writeConfig(`  alerts:\n    - { name: api-down, service: api }\n    - { name: web-down, service: web }\n    - { name: docs-down, service: docs }\n`, `  web:\n    health: { http: "${services.base}/fast" }\n  api:\n    health: { tcp: "127.0.0.1:${port}" }\n  docs: {}\n`);
    const hitsBefore = services.hits.get('/fast') ?? 0;
    const { code, out } = await status();
    assert.equal(code, 1, out);
    assert.match(out, /CRITICAL +api-down +service api is down \(down is critical\), firing since/);
    assert.match(out, /ok +web-down +service web is up$/m);
    assert.match(out, /no data +docs-down +no data: service docs has no health check/);
    assert.equal((services.hits.get('/fast') ?? 0) - hitsBefore, 1, 'the services section and the alerts share one probe of web');
  });

  it('host metric rules are measured on this machine', async () => {
    writeConfig(`  alerts:\n    - { name: memory-used, metric: memory, warning: 0 }\n    - { name: cpu-absurd, metric: cpu, critical: 1000 }\n`);
    const { code, alerts } = await alertsJson();
    assert.equal(code, 0);
    const [memory, cpu] = alerts.items;
    assert.equal(memory.alert?.state, 'firing');
    assert.ok(typeof memory.alert?.value === 'number' && memory.alert.value > 0 && memory.alert.value <= 100, String(memory.alert?.value));
    assert.equal(cpu.alert?.state, 'inactive');
    assert.ok(typeof cpu.alert?.value === 'number' && cpu.alert.value >= 0 && cpu.alert.value <= 100, `cpu % is ${String(cpu.alert?.value)}`);
  });

  it('without alert rules it says so and exits 0', async () => {
    writeConfig('  charts: []\n');
    const { code, out } = await status();
    assert.equal(code, 0, out);
    assert.match(out, /^Alerts: no alert rules in devops\.yaml$/m);
  });

  it('a Prometheus that does not answer in time gives "no data" after --timeout, not a hang', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      writeConfig(`  prometheus: { url: "${url}" }\n  alerts:\n    - { name: errors, query: "vector(1)", critical: 0.5 }\n`);
      const started = Date.now();
      const { code, out } = await status('--timeout', '300ms');
      assert.equal(code, 0, out);
      assert.match(out, /no data: Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.3 s/);
      assert.ok(Date.now() - started < 5000, 'the timeout was honoured');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('rejects a --watch that is not a duration as a usage error', async () => {
    writeConfig('  alerts: []\n');
    await assert.rejects(status('--watch', 'soon'), { name: 'CliUsageError', message: /--watch: "soon" is not a duration/ });
  });

  describe('through the bundled CLI', () => {
    let bundle: CliBundle;
    before(async () => {
      bundle = await bundleCli();
    });
    after(async () => {
      await bundle?.dispose();
    });

    it('a stopped Prometheus: clear message, exit 0; a critical alert: exit 1; --help explains pending', async () => {
      const port = await refusedPort();
      writeConfig(`  prometheus: { url: "http://127.0.0.1:${port}" }\n  alerts:\n    - { name: errors, query: "vector(1)", critical: 0.5 }\n`);
      const down = await bundle.run(dir, 'status');
      assert.equal(down.code, 0, down.stderr);
      assert.match(down.stdout, /no data +errors +no data: Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable \(connection refused/);
      writeConfig(`  prometheus: { url: "${prometheus.url}" }\n  alerts:\n    - { name: errors, query: "vector(1)", critical: 0.5 }\n`);
      const firing = await bundle.run(dir, 'status');
      assert.equal(firing.code, 1, firing.stdout);
      assert.match(firing.stdout, /CRITICAL +errors +vector\(1\) 1 ≥ critical 0\.5/);
      const help = await bundle.run(dir, 'status', '--help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, /shows as "pending"/);
      assert.match(help.stdout, /--watch <duration>/);
    });
  });
});

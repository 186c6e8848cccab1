import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importComposeFile, importComposeText } from '../../../src/backends/import/composeImport';
import { interpolate, parseDotEnv } from '../../../src/backends/import/composeInterpolation';
import type { ServiceImport } from '../../../src/backends/import/importTypes';
import { importKubernetesFiles, importKubernetesTexts } from '../../../src/backends/import/kubernetesImport';
import { shellWord } from '../../../src/core/shellWord';
import { devopsConfigSchema } from '../../../src/core/config/schema';

// The shapes real repositories' files take, which the importers used to get wrong.
const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'import');

function byName(result: ServiceImport): Record<string, ServiceImport['services'][number]> {
  return Object.fromEntries(result.services.map((s) => [s.name, s]));
}

describe('importing the shapes of real compose files', () => {
  const selfHosted = join(fixtures, 'compose-selfhosted-anchors.yaml');

  it('a self-hosted stack sharing blocks through nested anchors and merge keys imports every service', async () => {
    const result = await importComposeFile(selfHosted);
    devopsConfigSchema.parse({ version: 1, services: Object.fromEntries(result.services.map((s) => [s.name, s.config])) });
    assert.equal(result.services.length, 62, result.notes.map((n) => n.message).join('\n'));
    const s = byName(result);
    assert.deepEqual(s['app-ingest-spans'].config.dependsOn, ['redis', 'kafka', 'postgres', 'memcached', 'smtp', 'snuba-api', 'symbolicator'], 'depends_on comes through two levels of merges');
    assert.deepEqual(s['snuba-replays-consumer'].config.env, ['SNUBA_SETTINGS', 'CLICKHOUSE_HOST', 'DEFAULT_BROKERS', 'REDIS_HOST']);
    assert.equal(s['app-cron'].config.description, 'image app-self-hosted-local');
    assert.equal(s.web.source.line, lineOf(selfHosted, '  web:'));
  });

  it('published ports written with variables take their defaults, or the .env value', async () => {
    const plain = byName(await importComposeFile(selfHosted));
    assert.deepEqual(plain.redis.config.ports, [6379], '${REDIS_PORT:-6379}');
    assert.deepEqual(plain.clickhouse.config.ports, [8123], '${CLICKHOUSE_PORT-8123}');
    assert.deepEqual(plain.web.config.ports, [9000], '"${WEB_PORT-9000}:9000/tcp"');
    assert.deepEqual(plain.postgres.config.ports, [], '${POSTGRES_PORT:?…} has no default');
    const withEnv = byName(importComposeText(readFileSync(selfHosted, 'utf8'), selfHosted, { env: parseDotEnv('# local ports\nPOSTGRES_PORT=15432\nexport WEB_PORT="9001"\nNGINX_PORT=8080 # the front door\n') }));
    assert.deepEqual(withEnv.postgres.config.ports, [15432]);
    assert.deepEqual(withEnv.web.config.ports, [9001]);
    assert.deepEqual(withEnv.nginx.config.ports, [8080]);
  });

  it('a port whose variable has no value gets a note at its line instead of vanishing', async () => {
    const result = await importComposeFile(selfHosted);
    const notes = result.notes.filter((n) => /^Port /.test(n.message));
    assert.deepEqual(notes.map((n) => n.service).sort(), ['nginx', 'postgres']);
    const postgres = notes.find((n) => n.service === 'postgres');
    assert.match(postgres?.message ?? '', /\$POSTGRES_PORT, which has no default/);
    assert.equal(postgres?.line, lineOf(selfHosted, '      - "${POSTGRES_PORT:?set POSTGRES_PORT in .env}:5432"'));
  });

  it('healthchecks that curl or wget a local address without a scheme become HTTP probes', () => {
    const s = byName(importComposeText(readFileSync(selfHosted, 'utf8'), selfHosted, { env: { NGINX_PORT: '8080', HEALTHCHECK_INTERVAL: '30s' } }));
    assert.equal(s.relay.config.health?.http, 'http://localhost:3000/api/relay/healthcheck/ready/', 'curl -fsS localhost:3000/…');
    assert.equal(s['snuba-api'].config.health?.http, 'http://localhost:1218/health', '["CMD", "curl", "-f", "localhost:1218/health"]');
    assert.equal(s.nginx.config.health?.http, 'http://localhost:8080/_health/', 'wget 127.0.0.1/_health/ is port 80, published as 8080');
    assert.equal(s.clickhouse.config.health?.http, 'http://localhost:8123/', 'wget with a scheme, as before');
    assert.equal(s.redis.config.health?.tcp, 'localhost:6379', 'redis-cli is no URL');
    assert.equal(s.web.config.health?.tcp, 'localhost:9000', '/dev/tcp is no URL either');
    assert.equal(s.redis.config.health?.interval, '30s', 'the interval from $HEALTHCHECK_INTERVAL');
  });

  it('substitutes variables the way compose does', () => {
    const env = { SET: 'v', EMPTY: '' };
    assert.deepEqual(interpolate('${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $SET $$SET ${UNSET:-${SET}}', env), { text: 'v d  d v $SET v' });
    assert.deepEqual(interpolate('${SET:+alt}${UNSET:+alt}', env), { text: 'alt' });
    assert.deepEqual(interpolate('${EMPTY:?needed}', env), { missing: 'EMPTY' });
    assert.deepEqual(interpolate('$UNSET:80', env), { missing: 'UNSET' });
  });
});

describe('importing the shapes of real Kubernetes manifests', () => {
  it('imports DaemonSets, ReplicationControllers and Pods, and notes kinds it does not import', async () => {
    const file = join(fixtures, 'k8s-node-agents.yaml');
    const result = await importKubernetesFiles([file]);
    const s = byName(result);
    assert.deepEqual(Object.keys(s), ['node-exporter', 'nginx', 'mailhog']);
    assert.equal(s['node-exporter'].config.description, 'DaemonSet, one pod per node; Service node-exporter (ClusterIP)');
    assert.deepEqual(s['node-exporter'].config.ports, [9100]);
    assert.equal(s['node-exporter'].config.logs[0].command, 'kubectl logs -f -n monitoring daemonset/node-exporter');
    assert.deepEqual(Object.keys(s['node-exporter'].config.actions), ['restart'], 'a DaemonSet has no replicas to scale');
    assert.equal(s.nginx.replicas, 3);
    assert.deepEqual(s.nginx.config.ports, [30080]);
    assert.equal(s.nginx.config.actions.scale.run, 'kubectl scale replicationcontroller/nginx --replicas=3');
    assert.equal(s.mailhog.config.description, 'Pod, a single pod');
    assert.deepEqual(s.mailhog.config.ports, [8025, 1025]);
    assert.deepEqual(Object.keys(s.mailhog.config.actions), [], 'kubectl can neither restart nor scale a bare Pod');
    const cron = result.notes.find((n) => /CronJob "nightly-report" is not imported/.test(n.message));
    assert.equal(cron?.line, lineOf(file, 'kind: CronJob'));
  });

  it('the same name in several manifests is imported once, and each later one is noted at its line', async () => {
    const base = join(fixtures, 'k8s-kustomize', 'base', 'api.yaml');
    const overlay = join(fixtures, 'k8s-kustomize', 'overlays', 'production', 'api-replicas.yaml');
    const result = await importKubernetesFiles([base, overlay]);
    assert.deepEqual(result.services.map((s) => s.name), ['api']);
    assert.equal(result.services[0].replicas, 1, 'the first one wins');
    const duplicate = result.notes.filter((n) => n.service === 'api');
    assert.equal(duplicate.length, 1, JSON.stringify(result.notes));
    assert.equal(duplicate[0].file, overlay);
    assert.equal(duplicate[0].line, lineOf(overlay, '  name: api'));
    assert.match(duplicate[0].message, /skipped: a service of that name already comes from Deployment "api" \(.*base\/api\.yaml:\d+\)/);
  });
});

describe('values from files that reach a shell', () => {
  let temp: string;
  beforeEach(() => (temp = mkdtempSync(join(tmpdir(), 'devops-hostile-'))));
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  /** Runs every command an import wrote, with stand-ins for kubectl and docker that record their arguments. */
  function runAll(result: ServiceImport): string[][] {
    const bin = join(temp, 'bin');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['kubectl', 'docker']) {
      writeFileSync(join(bin, tool), `#!/bin/sh\nprintf '%s\\n' "$@" >> "${join(temp, 'calls')}"\nprintf -- '--\\n' >> "${join(temp, 'calls')}"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    const commands = result.services.flatMap((s) => [...s.config.logs.map((l) => l.command ?? ''), ...Object.values(s.config.actions).map((a) => a.run)]);
    for (const command of commands) execFileSync('/bin/sh', ['-c', command], { cwd: temp, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` } });
    const calls = existsSync(join(temp, 'calls')) ? readFileSync(join(temp, 'calls'), 'utf8') : '';
    return calls.split('--\n').filter(Boolean).map((call) => call.trimEnd().split('\n'));
  }

  it('a hostile namespace or name in a manifest runs nothing and is noted', () => {
    const manifest = (name: string, namespace: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${JSON.stringify(name)}\n  namespace: ${JSON.stringify(namespace)}\nspec:\n  replicas: 2\n`;
    const result = importKubernetesTexts([
      { file: 'ns.yaml', text: manifest('api', 'x $(touch pwned)') },
      { file: 'name.yaml', text: manifest('web;touch pwned', 'default') },
      { file: 'good.yaml', text: manifest('worker', 'shop') },
    ]);
    assert.deepEqual(result.services.map((s) => s.name), ['worker']);
    assert.match(result.notes.find((n) => n.file === 'ns.yaml')?.message ?? '', /namespace "x \$\(touch pwned\)", which Kubernetes does not accept; not imported/);
    assert.match(result.notes.find((n) => n.file === 'name.yaml')?.message ?? '', /name "web;touch pwned", which Kubernetes does not accept/);
    const calls = runAll(result);
    assert.ok(!existsSync(join(temp, 'pwned')), 'nothing from the manifests ran');
    assert.deepEqual(calls[0], ['logs', '-f', '-n', 'shop', 'deployment/worker']);
  });

  it('a compose file whose path holds shell syntax is passed to docker as one word', () => {
    const path = 'deploy/we$(touch pwned) ird.yml';
    const result = importComposeText('services:\n  api:\n    image: example/api\n', join(temp, path), { commandPath: path });
    const calls = runAll(result);
    assert.ok(!existsSync(join(temp, 'pwned')));
    assert.deepEqual(calls, [
      ['compose', '-f', path, 'logs', '-f', '--no-log-prefix', 'api'],
      ['compose', '-f', path, 'restart', 'api'],
    ]);
  });

  it('shellWord keeps plain words as they are and quotes anything else', () => {
    assert.equal(shellWord('deployment/api'), 'deployment/api');
    for (const value of ["it's", '$(id)', '`id`', 'a b', '', '\\', '"', "'; rm -rf / '"]) {
      assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shellWord(value)}`], { encoding: 'utf8' }), value);
    }
  });
});

function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').indexOf(text);
  assert.ok(index >= 0, `${file} has the line ${text}`);
  return index + 1;
}

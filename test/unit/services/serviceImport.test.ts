import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { composeDuration, importComposeFile, importComposeText } from '../../../src/backends/import/composeImport';
import { parseComposePort } from '../../../src/backends/import/composePorts';
import { importKubernetesFiles } from '../../../src/backends/import/kubernetesImport';
import { devopsConfigSchema } from '../../../src/core/config/schema';
import type { ServiceImport } from '../../../src/backends/import/importTypes';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'import');

function byName(result: ServiceImport): Record<string, ServiceImport['services'][number]> {
  return Object.fromEntries(result.services.map((s) => [s.name, s]));
}

/** The import must produce entries devops.yaml's own schema accepts. */
function assertValidConfig(result: ServiceImport): void {
  const services = Object.fromEntries(result.services.map((s) => [s.name, s.config]));
  devopsConfigSchema.parse({ version: 1, services });
}

describe('docker-compose import', () => {
  it('reads services, published ports, depends_on (list and map), environment names and healthchecks', async () => {
    const result = await importComposeFile(join(fixtures, 'compose-web-db.yaml'));
    assertValidConfig(result);
    const s = byName(result);
    assert.deepEqual(Object.keys(s), ['proxy', 'backend', 'db']);
    assert.deepEqual(s.proxy.config.ports, [8088]);
    assert.deepEqual(s.proxy.config.dependsOn, ['backend']);
    assert.deepEqual(s.backend.config.dependsOn, ['db']);
    assert.deepEqual(s.backend.config.env, ['MYSQL_HOST', 'MYSQL_PASSWORD_FILE', 'FLASK_DEBUG']);
    assert.deepEqual(s.db.config.env, ['MYSQL_DATABASE', 'MYSQL_ROOT_PASSWORD_FILE']);
    assert.equal(s.backend.config.description, 'built from backend');
    assert.deepEqual(s.backend.config.health, { http: 'http://localhost:5000/healthz', expectStatus: 200, interval: '15s', timeout: '3s' });
    assert.equal(s.db.config.health, undefined, 'db publishes no port: nothing to probe from the host');
    assert.ok(result.notes.some((n) => n.service === 'db' && /inside the container/.test(n.message)));
    assert.equal(s.proxy.config.actions.restart.run, 'docker compose -f compose-web-db.yaml restart proxy');
  });

  it('resolves YAML anchors, merge keys and extends within the file, and notes loops and other files', async () => {
    const result = await importComposeFile(join(fixtures, 'compose-anchors-extends.yaml'));
    assertValidConfig(result);
    const s = byName(result);
    assert.deepEqual(s['base-worker'].config.env, ['LOG_LEVEL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'QUEUE']);
    assert.deepEqual(s.emails.config.env, ['LOG_LEVEL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'QUEUE', 'SMTP_HOST']);
    assert.deepEqual(s.emails.config.ports, [9100], 'ports come from the extended service');
    assert.deepEqual(s.emails.config.dependsOn, ['mail']);
    assert.deepEqual(s.reports.config.ports, [9100, 9201], 'extends with the string form, long-syntax port added');
    assert.deepEqual(s.mail.config.env, ['LOG_LEVEL', 'OTEL_EXPORTER_OTLP_ENDPOINT']);
    assert.deepEqual(s.mail.config.ports, [8025, 1025]);
    const messages = result.notes.map((n) => `${n.service}: ${n.message}`);
    assert.ok(messages.some((m) => /^loop-(a|b): `extends` loops back/.test(m)), messages.join('\n'));
    assert.ok(messages.includes('elsewhere: extends a service in "common-services.yml"; only services of the same file are followed'));
  });

  it('parses every port form', async () => {
    const result = await importComposeFile(join(fixtures, 'compose-ports.yaml'));
    const ports = byName(result)['all-forms'].config.ports;
    assert.deepEqual(ports, [8000, 9090, 9091, 49100, 8002, 5000, 5001, 6001, 6060, 8080, 8443]);
    assert.equal(result.notes.filter((n) => n.message.startsWith('Port skipped')).length, 2);
    assert.deepEqual(parseComposePort('127.0.0.1:8080:80/tcp'), [{ container: 80, host: 8080, hostIp: '127.0.0.1', protocol: 'tcp' }]);
    assert.deepEqual(parseComposePort('[::1]:6001:6001'), [{ container: 6001, host: 6001, hostIp: '::1', protocol: 'tcp' }]);
    assert.deepEqual(parseComposePort('127.0.0.1::5002'), [{ container: 5002, host: undefined, hostIp: '127.0.0.1', protocol: 'tcp' }]);
    assert.deepEqual(parseComposePort('8001:8001/udp'), [{ container: 8001, host: 8001, hostIp: undefined, protocol: 'udp' }]);
    assert.equal(typeof parseComposePort('1-2:1-3'), 'string');
  });

  it('gives a clear note for broken YAML, a file without services and a missing file', async () => {
    const broken = await importComposeFile(join(fixtures, 'compose-broken.yaml'));
    assert.deepEqual(broken.services, []);
    assert.match(broken.notes[0].message, /^Not valid YAML: /);
    assert.ok((broken.notes[0].line ?? 0) > 1, 'the note points at the broken line');
    assert.match(importComposeText('version: "3"\n', 'x.yml').notes[0].message, /No `services:`/);
    const missing = await importComposeFile(join(fixtures, 'nope.yml'));
    assert.match(missing.notes[0].message, /ENOENT/);
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)];
    const bomb = importComposeText(`${levels.join('\n')}\nservices:\n  web: { image: nginx }\n`, 'bomb.yml');
    assert.deepEqual(bomb.services, []);
    assert.match(bomb.notes[0].message, /alias bomb; no services imported/);
    assert.match(levels[(bomb.notes[0].line ?? 0) - 1] ?? '', /\*/, 'the note points at a line of aliases');
  });

  it('converts compose durations', () => {
    assert.equal(composeDuration('1m30s'), '90s');
    assert.equal(composeDuration('500ms'), '500ms');
    assert.equal(composeDuration('1.5s'), '1500ms');
    assert.equal(composeDuration('soon'), undefined);
  });
});

describe('Kubernetes manifest import', () => {
  it('imports Deployments with replicas and ports, links Services by selector and env hosts, notes skipped kinds', async () => {
    const result = await importKubernetesFiles([join(fixtures, 'k8s-guestbook.yaml')]);
    assertValidConfig(result);
    const s = byName(result);
    assert.deepEqual(Object.keys(s), ['redis-leader', 'redis-follower', 'frontend']);
    assert.equal(s.frontend.replicas, 3);
    assert.deepEqual(s.frontend.config.ports, [30080], 'a NodePort is how the host reaches it');
    assert.deepEqual(s['redis-follower'].config.ports, [6379]);
    assert.deepEqual(s.frontend.config.dependsOn, ['redis-leader', 'redis-follower']);
    assert.deepEqual(s['redis-follower'].config.dependsOn, ['redis-leader']);
    assert.deepEqual(s.frontend.config.env, ['GET_HOSTS_FROM', 'REDIS_LEADER_URL', 'REDIS_FOLLOWER_HOST', 'SECRET_TOKEN']);
    assert.equal(s.frontend.config.description, 'Deployment, 3 replicas; Service frontend (NodePort)');
    assert.equal(s.frontend.config.actions.scale.run, 'kubectl scale deployment/frontend --replicas=3');
    const messages = result.notes.map((n) => n.message);
    assert.ok(messages.some((m) => /ConfigMap "guestbook-settings" is not imported/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Ingress "guestbook" is not imported/.test(m)));
    assert.ok(messages.some((m) => /Service "external-db" selects no workload/.test(m)));
  });

  it('imports a StatefulSet in a namespace, and notes a broken document without losing the others', async () => {
    const result = await importKubernetesFiles([join(fixtures, 'k8s-statefulset.yaml'), join(fixtures, 'missing.yaml')]);
    const web = byName(result).web;
    assert.equal(web.source.kind, 'StatefulSet');
    assert.equal(web.replicas, 2);
    assert.deepEqual(web.config.ports, [80]);
    assert.equal(web.config.logs[0].command, 'kubectl logs -f -n shop statefulset/web');
    assert.ok(result.notes.some((n) => /Document 3 is not valid YAML/.test(n.message)), JSON.stringify(result.notes));
    assert.ok(result.notes.some((n) => /missing\.yaml/.test(n.file) && /ENOENT/.test(n.message)));
  });
});

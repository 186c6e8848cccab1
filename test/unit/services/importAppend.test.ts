import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { ServiceConfig } from '../../../src/core/config/schema';
import { DevopsError } from '../../../src/core/errors';
import { importComposeText } from '../../../src/backends/import/composeImport';
import { compactEntry } from '../../../src/core/config/serviceEntry';
import { appendServices } from '../../../src/core/services/importAppend';

function service(partial: Partial<ServiceConfig>): ServiceConfig {
  return { ports: [], dependsOn: [], env: [], logs: [], actions: {}, ...partial };
}

const original = `# The shop, as we run it locally.
version: 1
name: shop

services:
  # the front door
  web:
    url: http://127.0.0.1:7301/
    ports: [7301]   # flow list stays flow
    dependsOn: [api]
  api:
    ports: [7302]

pipeline:
  provider: local
  stages:
    build:
      run: npm run build
`;

describe('appendServices (import into devops.yaml)', () => {
  it('keeps every existing byte and adds the new entries inside services, at its indentation', () => {
    const result = appendServices(original, [
      { name: 'redis', config: service({ ports: [6379], health: { tcp: 'localhost:6379', expectStatus: 200, interval: '10s', timeout: '2s' } }) },
      { name: 'worker', config: service({ dependsOn: ['redis'], env: ['REDIS_URL'] }) },
    ]);
    assert.deepEqual(result.added, ['redis', 'worker']);
    // Right after the last service, before the blank line that separates the sections.
    const insertedAt = original.indexOf('    ports: [7302]\n') + '    ports: [7302]\n'.length;
    assert.equal(result.text.slice(0, insertedAt), original.slice(0, insertedAt), 'text before the insertion is unchanged');
    assert.ok(result.text.endsWith(original.slice(insertedAt)), 'text after the insertion is unchanged');
    assert.match(result.text, /\n {2}redis:\n {4}ports:\n {6}- 6379\n/);
    const data = parse(result.text) as { services: Record<string, unknown>; pipeline: unknown };
    assert.deepEqual(Object.keys(data.services), ['web', 'api', 'redis', 'worker']);
    assert.deepEqual(data.services.redis, { ports: [6379], health: { tcp: 'localhost:6379' } }, 'defaults are left out');
    assert.ok(data.pipeline, 'the next section is still a top-level key');
    const parsed = parseDevopsConfig(result.text, '/tmp/devops.yaml');
    assert.ok(parsed.config, `the result is a valid devops.yaml: ${JSON.stringify(parsed.problems)}`);
    assert.deepEqual(parsed.config.services.worker.dependsOn, ['redis']);
  });

  it('skips names devops.yaml already has and leaves the text alone when nothing is new', () => {
    const result = appendServices(original, [{ name: 'api', config: service({ ports: [9999] }) }]);
    assert.deepEqual(result, { text: original, added: [], skipped: ['api'] });
  });

  it('adds a services section to a file without one, and fills an empty one', () => {
    const none = appendServices('version: 1\nname: x', [{ name: 'db', config: service({ ports: [5432] }) }]);
    assert.deepEqual((parse(none.text) as { services: unknown }).services, { db: { ports: [5432] } });
    assert.ok(none.text.startsWith('version: 1\nname: x\n'));
    const empty = appendServices('version: 1\nservices:\n# later\n', [{ name: 'db', config: service({ ports: [5432] }) }]);
    assert.deepEqual((parse(empty.text) as { services: unknown }).services, { db: { ports: [5432] } });
    const flow = appendServices('version: 1\nservices: { a: { ports: [1] } }\n', [{ name: 'b', config: service({ ports: [2] }) }]);
    assert.deepEqual((parse(flow.text) as { services: unknown }).services, { a: { ports: [1] }, b: { ports: [2] } });
  });

  it('refuses a file that is not YAML or whose services is not a mapping, with a typed error', () => {
    assert.throws(() => appendServices('services: [a, b]\n', [{ name: 'x', config: service({}) }]), (e) => DevopsError.is(e, 'invalid-config'));
    assert.throws(() => appendServices('services:\n  a: [\n', [{ name: 'x', config: service({}) }]), (e) => DevopsError.is(e, 'invalid-config'));
  });

  it('appends what the compose importer produced as a valid devops.yaml', () => {
    const compose = importComposeText(
      'services:\n  db:\n    image: postgres\n    ports: ["5432:5432"]\n  app:\n    build: .\n    ports: ["8080:80"]\n    depends_on: [db]\n    environment: [DATABASE_URL]\n',
      '/tmp/docker-compose.yml',
    );
    const result = appendServices('version: 1\nservices:\n  api:\n    ports: [7302]\n', compose.services.map((s) => ({ name: s.name, config: s.config })));
    const parsed = parseDevopsConfig(result.text, '/tmp/devops.yaml');
    assert.ok(parsed.config, JSON.stringify(parsed.problems));
    assert.deepEqual(Object.keys(parsed.config.services), ['api', 'db', 'app']);
    assert.deepEqual(parsed.config.services.app.dependsOn, ['db']);
    assert.deepEqual(parsed.config.services.app.ports, [8080]);
  });

  it('compactEntry keeps non-default health settings', () => {
    const entry = compactEntry(service({ health: { http: 'http://x/', expectStatus: 204, interval: '30s', timeout: '2s' } }));
    assert.deepEqual(entry, { health: { http: 'http://x/', expectStatus: 204, interval: '30s' } });
  });
});

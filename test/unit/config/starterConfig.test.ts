import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { directoryRepo } from '../../../src/core/config/directoryRepo';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { DevopsConfig } from '../../../src/core/config/schema';
import { portMappings } from '../../../src/core/config/starterCompose';
import { generateStarterConfig } from '../../../src/core/config/starterConfig';

// Fixture repositories are written into real temp folders and read through directoryRepo.
describe('generateStarterConfig', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'devops-starter-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function repo(files: Record<string, string>): Promise<void> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
  }

  /** Generates, checks that the result passes the loader with no problem at all, and returns both. */
  async function generate(): Promise<{ text: string; config: DevopsConfig }> {
    const text = await generateStarterConfig(directoryRepo(root));
    const result = parseDevopsConfig(text, 'devops.yaml');
    assert.deepEqual(result.problems, [], text);
    assert.ok(result.config);
    return { text, config: result.config };
  }

  it('an empty folder gives a minimal valid file with hints', async () => {
    const { text, config } = await generate();
    assert.equal(config.version, 1);
    assert.deepEqual(config.services, {});
    assert.match(text, /^# devops\.yaml: the DevOps loop/);
    assert.match(text, /# plan:/);
  });

  it('package.json scripts become stages with needs in CI order, deploys with environments', async () => {
    const scripts = {
      lint: 'eslint .',
      typecheck: 'tsc --noEmit',
      build: 'node build.mjs',
      'test:unit': 'mocha',
      e2e: 'playwright test',
      start: 'node server.js',
      watch: 'node build.mjs --watch',
      release: './release.sh',
      'deploy:staging': './deploy.sh staging',
      'deploy:production': './deploy.sh production',
    };
    await repo({ 'package.json': JSON.stringify({ name: 'shop', scripts }), 'pnpm-lock.yaml': '' });
    const { config } = await generate();
    const stages = config.pipeline!.stages;
    assert.deepEqual(Object.keys(stages), ['lint', 'typecheck', 'build', 'test-unit', 'e2e', 'release', 'deploy-staging', 'deploy-production']);
    assert.equal(config.name, 'shop');
    assert.equal(stages.build.run, 'pnpm run build');
    assert.deepEqual(stages.lint.needs, []);
    assert.deepEqual(stages['test-unit'].needs, ['build']);
    assert.deepEqual(stages.release.needs, ['lint', 'typecheck', 'test-unit', 'e2e']);
    assert.equal(stages.release.kind, 'release');
    assert.equal(stages['deploy-staging'].environment, 'staging');
    assert.deepEqual(stages['deploy-production'].needs, ['release', 'deploy-staging']);
    assert.deepEqual(Object.keys(config.environments), ['staging', 'production']);
    assert.equal(config.environments.production.protected, true);
  });

  it('skips the npm init placeholder test and works without a lockfile', async () => {
    await repo({ 'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1', build: 'tsc' } }) });
    const { config } = await generate();
    assert.deepEqual(Object.keys(config.pipeline!.stages), ['build']);
    assert.equal(config.pipeline!.stages.build.run, 'npm run build');
  });

  it('docker-compose services become services with ports, depends_on in both forms, and probes', async () => {
    const compose = `services:
  web:
    build: .
    ports: ["8080:80", "127.0.0.1:8443:443/tcp"]
    depends_on: [api]
  api:
    image: shop/api:1
    ports:
      - "\${API_PORT:-3000}:3000"
    depends_on:
      db: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:3000/healthz"]
      interval: 15s
  db:
    image: postgres:16
    ports: [{ target: 5432, published: 5433 }]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
  worker:
    image: shop/worker
    depends_on: [db]
`;
    await repo({ 'docker-compose.yml': compose, 'yarn.lock': '', 'package.json': '{"scripts":{"test":"jest"}}' });
    const { config } = await generate();
    assert.deepEqual(config.services.web.ports, [8080, 8443]);
    assert.deepEqual(config.services.web.dependsOn, ['api']);
    assert.deepEqual(config.services.api.dependsOn, ['db']);
    assert.equal(config.services.api.health?.http, 'http://127.0.0.1:3000/healthz');
    assert.equal(config.services.api.health?.interval, '15s');
    assert.equal(config.services.db.health?.tcp, '127.0.0.1:5433');
    assert.equal(config.services.worker.health, undefined);
    assert.equal(config.services.db.description, 'image postgres:16');
    assert.equal(config.services.web.logs[0].command, 'docker compose -f docker-compose.yml logs -f --no-log-prefix web');
    assert.equal(config.pipeline!.stages.test.run, 'yarn test');
  });

  it('a broken compose file gives no services instead of failing', async () => {
    await repo({ 'compose.yaml': 'services: [\n' });
    const { config } = await generate();
    assert.deepEqual(config.services, {});
  });

  for (const [files, provider] of [
    [{ '.github/workflows/ci.yml': 'on: push\n' }, 'github'],
    [{ '.gitlab-ci.yml': 'test:\n  script: make\n' }, 'gitlab'],
    [{ Jenkinsfile: 'pipeline {}\n' }, 'jenkins'],
  ] as const) {
    it(`a ${provider} CI setup preselects pipeline.provider ${provider}`, async () => {
      await repo(files);
      const { config } = await generate();
      assert.equal(config.pipeline?.provider, provider);
    });
  }

  it('a .github folder without workflows leaves the local runner', async () => {
    await repo({ '.github/CODEOWNERS': '* @team\n' });
    const { config } = await generate();
    assert.equal(config.pipeline, undefined);
  });
});

describe('compose port mappings', () => {
  it('reads short, ranged, addressed and long forms; skips container-only and udp', () => {
    assert.deepEqual(portMappings('8080:80'), [{ host: 8080, container: 80 }]);
    assert.deepEqual(portMappings('9000-9001:9000-9001').map((m) => m.host), [9000, 9001]);
    assert.deepEqual(portMappings('[::1]:6000:6000').map((m) => m.host), [6000]);
    assert.deepEqual(portMappings('80'), []);
    assert.deepEqual(portMappings('53:53/udp'), []);
    assert.deepEqual(portMappings({ target: 80, published: '8081' }), [{ host: 8081, container: 80 }]);
    assert.deepEqual(portMappings({ target: 53, published: 53, protocol: 'udp' }), []);
  });
});

import * as assert from 'node:assert/strict';
import { scaffold, tempRepo, type TempRepo } from './scaffoldKit';

// `devops-loop init` / Create devops.yaml on repositories laid out the way real projects
// lay themselves out. Every result must pass the loader with no problem at all.
describe('the devops.yaml scaffold', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = tempRepo()));
  afterEach(() => repo.remove());

  it('an empty folder gives a minimal valid file with comments saying what to add', async () => {
    const { text, config, notes } = await scaffold(repo.root);
    assert.equal(config.version, 1);
    assert.deepEqual(config.services, {});
    assert.equal(config.pipeline, undefined);
    assert.deepEqual(notes, []);
    assert.match(text, /^# devops\.yaml: the DevOps loop/);
    assert.match(text, /Written from nothing yet: no build file, compose file, manifest or CI file was found/);
    for (const hint of [/^# services:$/m, /^# {5}build: \{ run: npm run build \}$/m, /^# plan:$/m, /^# monitor:$/m]) assert.match(text, hint);
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
    repo.write({ 'package.json': JSON.stringify({ name: 'shop', scripts }, null, 2), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const { config } = await scaffold(repo.root);
    const stages = config.pipeline!.stages;
    assert.deepEqual(Object.keys(stages), ['lint', 'typecheck', 'build', 'test-unit', 'e2e', 'release', 'deploy-staging', 'deploy-production']);
    assert.equal(config.name, 'shop');
    assert.equal(stages.build.run, 'pnpm run build');
    assert.deepEqual(stages['test-unit'].needs, ['build']);
    assert.deepEqual(stages.release.needs, ['lint', 'typecheck', 'test-unit', 'e2e']);
    assert.deepEqual(stages['deploy-production'].needs, ['release', 'deploy-staging']);
    assert.equal(config.environments.production.protected, true);
    assert.equal(config.pipeline?.ci, undefined);
  });

  it('a Go service with a Makefile: the targets are the stages, go.mod adds none twice, each duplicate noted at its line', async () => {
    repo.write({
      'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n',
      // The shape of a Go service's Makefile: variables, .PHONY, several targets on one line, recipes.
      Makefile: 'BINARY := orders\nGOFLAGS ?= -trimpath\n\n.PHONY: build test lint docker\n\nbuild:\n\tgo build $(GOFLAGS) -o bin/$(BINARY) ./cmd/orders\n\ntest: build\n\tgo test -race ./...\n\nlint vet:\n\tgolangci-lint run\n\ndocker:\n\tdocker build -t acme/orders .\n\n%.pb.go: %.proto\n\tprotoc $<\n',
    });
    const { config, printed } = await scaffold(repo.root);
    const stages = config.pipeline!.stages;
    assert.deepEqual(Object.keys(stages), ['lint', 'build', 'test']);
    assert.equal(stages.test.run, 'make test');
    assert.deepEqual(stages.test.needs, ['build']);
    assert.deepEqual(printed, [
      'go.mod:1: note: `build` is not added as a stage: a stage of that name already comes from Makefile',
      'go.mod:1: note: `test` is not added as a stage: a stage of that name already comes from Makefile',
    ]);
  });

  for (const [label, files, expected] of [
    ['Maven with its wrapper', { 'pom.xml': '<project><modelVersion>4.0.0</modelVersion></project>\n', mvnw: '#!/bin/sh\n' }, { build: './mvnw -B -DskipTests package', test: './mvnw -B test' }],
    ['Gradle (Kotlin DSL) with its wrapper', { 'build.gradle.kts': 'plugins { kotlin("jvm") version "2.0.0" }\n', 'settings.gradle.kts': 'rootProject.name = "orders"\n', gradlew: '#!/bin/sh\n' }, { build: './gradlew assemble', test: './gradlew test' }],
    ['Cargo', { 'Cargo.toml': '[package]\nname = "orders"\nversion = "0.1.0"\n' }, { build: 'cargo build', test: 'cargo test' }],
    ['pyproject with pytest under uv', { 'pyproject.toml': '[project]\nname = "orders"\n\n[dependency-groups]\ndev = ["pytest>=8"]\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', 'uv.lock': 'version = 1\n' }, { test: 'uv run python -m pytest --junitxml=reports/pytest.xml' }],
  ] as const) {
    it(`${label}: its build and test commands become stages`, async () => {
      repo.write(files);
      const { config } = await scaffold(repo.root);
      const stages = config.pipeline!.stages;
      assert.deepEqual(Object.fromEntries(Object.entries(stages).map(([name, stage]) => [name, stage.run])), expected);
      if ('build' in expected) assert.deepEqual(stages.test.needs, ['build']);
    });
  }

  it('pytest writes a JUnit report the stage reads', async () => {
    repo.write({ 'pyproject.toml': '[tool.pytest.ini_options]\naddopts = "-q"\n' });
    const { config } = await scaffold(repo.root);
    assert.deepEqual(config.pipeline?.stages.test.reports, ['reports/pytest.xml']);
  });

  it('a compose stack in a subfolder with its .env: services whose commands name that file, ports from .env', async () => {
    repo.write({
      'docker/docker-compose.yml': 'services:\n  web:\n    image: nginx\n    ports: ["${WEB_PORT:-8080}:80"]\n    depends_on: [api]\n  api:\n    build: ../api\n    ports: ["${API_PORT}:3000"]\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "localhost:3000/healthz"]\n',
      'docker/.env': 'API_PORT=3300\n',
      'docker/docker-compose.override.yml': 'services:\n  api:\n    environment: { DEBUG: "1" }\n',
    });
    const { config, printed } = await scaffold(repo.root);
    assert.deepEqual(Object.keys(config.services), ['web', 'api']);
    assert.deepEqual(config.services.web.ports, [8080]);
    assert.deepEqual(config.services.api.ports, [3300]);
    assert.equal(config.services.api.health?.http, 'http://localhost:3300/healthz');
    assert.deepEqual(config.services.web.dependsOn, ['api']);
    assert.equal(config.services.web.logs[0].command, 'docker compose -f docker/docker-compose.yml logs -f --no-log-prefix web');
    assert.deepEqual(printed, ['docker/docker-compose.override.yml:1: note: a variant of docker-compose.yml (compose merges it over that file); its services are not imported again']);
  });

  it('a service in both the compose file and the manifests is added once and noted', async () => {
    repo.write({
      'compose.yaml': 'services:\n  api:\n    image: acme/api\n    ports: ["8080:8080"]\n  db:\n    image: postgres:16\n',
      'deploy/k8s/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers:\n        - name: api\n          image: acme/api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  replicas: 2\n',
    });
    const { config, printed } = await scaffold(repo.root);
    assert.deepEqual(Object.keys(config.services), ['api', 'db', 'worker']);
    assert.equal(config.services.api.description, 'image acme/api');
    assert.deepEqual(printed, ['deploy/k8s/api.yaml:4: note: service "api" is not added again: it already comes from compose.yaml:2']);
  });

  it('writes what only the user can fill in as comments, and the file still loads', async () => {
    repo.write({ Jenkinsfile: "pipeline {\n  agent any\n  stages { stage('Test') { steps { sh 'make test' } } }\n}\n" });
    const { text, config, printed } = await scaffold(repo.root);
    assert.equal(config.pipeline?.ci, undefined);
    const block = /^# pipeline:\n(?:# {2}.*\n)*?# {3}ci:\n# {5}jenkins: fill in .*\n((?:# {5}.*\n)+)/m.exec(text);
    assert.ok(block, text);
    // Uncommented, the block is a valid entry of `pipeline.ci`.
    const entry = block[1].replace(/^# /gm, '');
    assert.match(entry, /^ {4}- provider: jenkins\n {6}baseUrl: https:\/\/jenkins\.example\.com\/\n {6}job: devops-scaffold-\w+\n$/);
    assert.deepEqual(printed, ["Jenkinsfile:1: note: a Jenkins entry is written commented out in devops.yaml: fill in the server's URL and the job, then uncomment it"]);
  });
});

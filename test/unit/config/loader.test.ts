import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevopsConfigFile, parseDevopsConfig } from '../../../src/core/config/loader';
import type { Problem } from '../../../src/core/config/problem';

function check(text: string): { problems: Problem[]; ok: boolean } {
  const result = parseDevopsConfig(text, 'devops.yaml');
  return { problems: result.problems, ok: result.config !== undefined };
}

function only(problems: Problem[], code: string): Problem {
  const matching = problems.filter((p) => p.code === code);
  assert.equal(matching.length, 1, `one ${code} problem expected, got ${JSON.stringify(problems, null, 1)}`);
  return matching[0];
}

function at(p: Problem): string {
  return `${p.line}:${p.column}-${p.endLine}:${p.endColumn}`;
}

const valid = `version: 1
name: shop
services:
  db:
    ports: [5432]
  api:
    dependsOn: [db]
    health:
      http: http://127.0.0.1:8080/healthz
pipeline:
  stages:
    build: { run: npm run build }
    test: { run: npm test, needs: [build] }
    deploy: { kind: deploy, environment: staging, needs: [test] }
environments:
  staging: { deploy: ./deploy.sh staging }
monitor:
  prometheus: { url: http://127.0.0.1:9090 }
  alerts:
    - { name: api-down, service: api }
`;

describe('parseDevopsConfig', () => {
  it('accepts a valid config with no problems and applies defaults', () => {
    const result = parseDevopsConfig(valid, 'devops.yaml');
    assert.deepEqual(result.problems, []);
    assert.equal(result.config?.services.api.dependsOn[0], 'db');
    assert.equal(result.config?.pipeline?.stages.build.kind, 'run');
    assert.equal(result.config?.environments.staging.protected, false);
  });

  it('reports an unknown top-level key at the key, with a suggestion', () => {
    const { problems, ok } = check('version: 1\nservics: {}\n');
    const p = only(problems, 'unknown-key');
    assert.equal(ok, false);
    assert.equal(at(p), '2:1-2:8');
    assert.match(p.message, /unknown key `servics` \(did you mean `services`\?\)/);
    assert.equal(p.file, 'devops.yaml');
  });

  it('suggests keys allowed at the place of a nested unknown key', () => {
    const { problems } = check('version: 1\nservices:\n  api:\n    dependOn: [db]\n  db: {}\n');
    const p = only(problems, 'unknown-key');
    assert.equal(at(p), '4:5-4:13');
    assert.match(p.message, /did you mean `dependsOn`\?/);
    assert.match(p.message, /services\.api/);
  });

  it('lists the allowed keys when nothing is close', () => {
    const { problems } = check('version: 1\nenvironments:\n  prod:\n    zzzzzz: 1\n');
    assert.match(only(problems, 'unknown-key').message, /allowed here: deploy, url, protected/);
  });

  it('reports wrong types at the value', () => {
    const { problems } = check('version: 1\nservices:\n  api:\n    ports: [8080, "http"]\n');
    const p = only(problems, 'wrong-type');
    assert.equal(at(p), '4:19-4:25');
    assert.match(p.message, /`services\.api\.ports\[1\]` should be a number, not the text "http"/);
  });

  it('reports a mapping where a list belongs at its key', () => {
    const { problems } = check('version: 1\nservices:\n  api:\n    dependsOn:\n      db: yes\n');
    const p = only(problems, 'wrong-type');
    assert.equal(at(p), '4:5-4:14');
    assert.match(p.message, /should be a list, not a mapping/);
  });

  it('reports a missing required key and a bad enum value with a suggestion', () => {
    const missing = only(check('name: x\n').problems, 'missing-key');
    assert.match(missing.message, /missing required key `version`/);
    assert.equal(missing.line, 1);
    const badEnum = only(check('version: 1\nplan:\n  provider: gitlba\n').problems, 'invalid-value');
    assert.equal(at(badEnum), '3:13-3:19');
    assert.match(badEnum.message, /one of file, github, gitlab, jira \(did you mean `gitlab`\?\)/);
  });

  it('reports invalid names at the key and invalid durations at the value', () => {
    const { problems } = check('version: 1\npipeline:\n  stages:\n    "my stage": { run: x }\n    t: { run: x, timeout: 10 sec }\n');
    assert.equal(at(only(problems, 'invalid-name')), '4:5-4:15');
    const format = only(problems, 'invalid-format');
    assert.equal(at(format), '5:27-5:33');
    assert.match(format.message, /duration/);
  });

  it('reports references to services, stages and environments that do not exist', () => {
    const text = `version: 1
services:
  api: { dependsOn: [dbb] }
  db: {}
pipeline:
  stages:
    build: { run: x }
    test: { run: y, needs: [biuld] }
    ship: { kind: deploy, run: z, environment: prod }
environments:
  production: {}
monitor:
  alerts:
    - { name: down, service: apii }
`;
    const refs = check(text).problems.filter((p) => p.code === 'unknown-reference');
    assert.deepEqual(
      refs.map((p) => [at(p), p.message]),
      [
        ['3:22-3:25', 'service `api` depends on `dbb`, which is not declared in `services` (did you mean `db`?)'],
        ['8:29-8:34', 'stage `test` depends on `biuld`, which is not declared in `pipeline.stages` (did you mean `build`?)'],
        ['9:48-9:52', 'stage `ship` deploys to `prod`, which is not declared in `environments`'],
        ['14:30-14:34', 'alert `down` watches service `apii`, which is not declared in `services` (did you mean `api`?)'],
      ],
    );
  });

  it('reports a service that depends on itself', () => {
    const p = only(check('version: 1\nservices:\n  api:\n    dependsOn:\n      - api\n').problems, 'self-dependency');
    assert.equal(at(p), '5:9-5:12');
    assert.equal(p.message, 'service `api` depends on itself');
  });

  it('names the cycle in service dependencies and stage needs', () => {
    const text = `version: 1
services:
  a: { dependsOn: [b] }
  b: { dependsOn: [c] }
  c: { dependsOn: [a] }
  d: { dependsOn: [a] }
pipeline:
  stages:
    build: { run: x, needs: [test] }
    test: { run: y, needs: [build] }
`;
    const cycles = check(text).problems.filter((p) => p.code === 'cycle');
    assert.deepEqual(
      cycles.map((p) => [at(p), p.message]),
      [
        ['3:20-3:21', 'dependency cycle: a → b → c → a'],
        ['9:30-9:34', 'dependency cycle: build → test → build'],
      ],
    );
  });

  it('reports duplicate names: keys, alerts and statuses', () => {
    const text = `version: 1
services:
  api: {}
  api: {}
plan:
  statuses: [todo, done, todo]
monitor:
  alerts:
    - { name: down, service: api }
    - { name: down, service: api }
`;
    const { problems, ok } = check(text);
    assert.equal(ok, false);
    assert.equal(at(only(problems, 'duplicate-key')), '4:3-4:6');
    const dups = problems.filter((p) => p.code === 'duplicate-name');
    assert.deepEqual(
      dups.map((p) => at(p)),
      ['6:26-6:30', '10:15-10:19'],
    );
  });

  it('warns about a deploy stage without environment and keeps the config', () => {
    const result = parseDevopsConfig('version: 1\npipeline:\n  stages:\n    ship: { kind: deploy, run: ./ship.sh }\n', 'devops.yaml');
    const p = only(result.problems, 'deploy-without-environment');
    assert.equal(p.severity, 'warning');
    assert.equal(at(p), '4:5-4:9');
    assert.notEqual(result.config, undefined, 'warnings alone keep the config');
  });

  it('reports stages with nothing to run and probes without a target', () => {
    const text = `version: 1
services:
  api:
    health: { interval: 5s }
pipeline:
  stages:
    build: { needs: [] }
`;
    const { problems } = check(text);
    assert.equal(at(only(problems, 'no-probe')), '4:5-4:11');
    assert.equal(at(only(problems, 'nothing-to-run')), '7:5-7:10');
  });

  it('allows top-level x- keys for anchors, and merge keys that reuse them', () => {
    const text = 'version: 1\nx-stage: &stage\n  run: make\n  timeout: 5m\npipeline:\n  stages:\n    build:\n      <<: *stage\n    test:\n      <<: *stage\n      needs: [build]\n';
    const result = parseDevopsConfig(text, 'devops.yaml');
    assert.deepEqual(result.problems, []);
    assert.equal(result.config?.pipeline?.stages.test.run, 'make');
    assert.equal(result.config?.pipeline?.stages.build.timeout, '5m');
    assert.equal(only(check('version: 1\ny-stage: 1\n').problems, 'unknown-key').line, 2);
  });

  it('sorts problems in file order', () => {
    const { problems } = check('version: 1\nzzz: 1\nservices:\n  a: { dependsOn: [a] }\naaa: 2\n');
    const lines = problems.map((p) => p.line);
    assert.deepEqual(lines, [...lines].sort((x, y) => x - y));
    assert.ok(problems.length >= 2);
  });
});

describe('loadDevopsConfigFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'devops-loader-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a file from disk with the path as the problem file', async () => {
    const path = join(dir, 'devops.yaml');
    await writeFile(path, 'version: 1\nservice: {}\n');
    const result = await loadDevopsConfigFile(path);
    assert.equal(result.config, undefined);
    assert.equal(result.problems[0].file, path);
    assert.equal(result.problems[0].line, 2);
  });

  it('reports a missing file and a folder as one clear problem', async () => {
    const missing = await loadDevopsConfigFile(join(dir, 'nope.yaml'));
    assert.equal(missing.problems[0].code, 'not-found');
    const folder = await loadDevopsConfigFile(dir);
    assert.equal(folder.problems[0].code, 'not-a-file');
  });
});

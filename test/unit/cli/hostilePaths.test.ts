import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSuite } from './cliBundle';

// A cloned repository chooses every path in devops.yaml, and may commit symbolic links:
// nothing outside the workspace is read or written, and no refusal shows what a file holds.

describe('hostile paths in devops.yaml (built CLI)', function () {
  this.timeout(60_000);
  const cli = cliSuite('devops-paths-');
  let outside: string;
  beforeEach(async () => {
    outside = await mkdtemp(join(tmpdir(), 'devops-outside-'));
    await writeFile(join(outside, 'secret.yaml'), 'sprint: { name: "token=hunter2" }\nitems: nope\n');
  });
  afterEach(() => rm(outside, { recursive: true, force: true }));

  it('check reports `..` and absolute paths at their line:col', async () => {
    await writeFile(
      join(cli.work, 'devops.yaml'),
      [
        'version: 1',
        'plan: { provider: file, file: ../../etc/sprint.yaml }',
        'services:',
        '  api:',
        '    logs:',
        '      - file: /var/log/syslog',
        'pipeline:',
        '  stages:',
        '    test: { run: make test, reports: [reports/junit.xml, ../**/*.xml], cwd: .. }',
        '',
      ].join('\n'),
    );
    const result = await cli.bundle.run(cli.work, 'check');
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), [
      'devops.yaml:2:31: error: "../../etc/sprint.yaml" leads out of the folder of devops.yaml with `..`',
      'devops.yaml:6:15: error: "/var/log/syslog" is an absolute path; write it relative to the folder of devops.yaml',
      'devops.yaml:9:58: error: "../**/*.xml" leads out of the folder of devops.yaml with `..`',
      'devops.yaml:9:77: error: ".." leads out of the folder of devops.yaml with `..`',
    ]);
  });

  it('check refuses a sprint file that a symbolic link leads outside, naming it and never showing its content', async () => {
    symlinkSync(join(outside, 'secret.yaml'), join(cli.work, 'sprint.yaml'));
    await writeFile(join(cli.work, 'devops.yaml'), 'version: 1\nplan: { provider: file, file: sprint.yaml }\n');
    const result = await cli.bundle.run(cli.work, 'check');
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, 'sprint.yaml:1:1: error: plan.file "sprint.yaml" leads outside the workspace through a symbolic link; DevOps Loop reads and writes files only inside the workspace folder\n');
    assert.doesNotMatch(result.stdout + result.stderr, /hunter2|nope/);
  });

  it('run refuses a .devops state folder that is a link out of the workspace, and writes nothing there', async () => {
    symlinkSync(outside, join(cli.work, '.devops'));
    await writeFile(join(cli.work, 'devops.yaml'), 'version: 1\npipeline:\n  stages:\n    build: { run: echo built }\n');
    const result = await cli.bundle.run(cli.work, 'run');
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /the run state "\.devops" leads outside the workspace through a symbolic link/);
    assert.deepEqual(readdirSync(outside), ['secret.yaml']);
  });

  it('run refuses a test report that is a link out of the workspace, and the stage says so', async () => {
    mkdirSync(join(cli.work, 'reports'));
    symlinkSync(join(outside, 'secret.yaml'), join(cli.work, 'reports', 'junit.xml'));
    await writeFile(join(cli.work, 'devops.yaml'), 'version: 1\npipeline:\n  stages:\n    test: { run: echo tested, reports: [reports/junit.xml] }\n');
    const result = await cli.bundle.run(cli.work, 'run');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /report "[^"]*junit\.xml" leads outside the workspace through a symbolic link/);
    assert.doesNotMatch(result.stdout + result.stderr, /hunter2/);
    assert.ok(existsSync(join(outside, 'secret.yaml')));
  });
});

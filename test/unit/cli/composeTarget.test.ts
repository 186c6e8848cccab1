import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { StatusSection } from '../../../src/cli/commands/statusReport';
import type { PipelineRun } from '../../../src/core/pipeline/runTypes';
import { dockerSuite } from '../engines/dockerHarness';
import { ComposeFixture } from '../pipeline/composeFixture';
import { cliSuite } from './cliBundle';

// `devops-loop deploy`, `status --json` and `rollback` on a Compose target as they ship (the
// bundled CLI, a real child process) against Compose-labelled containers on the real dockerd:
// what the CLI deployed is what status reads back from the containers' labels, and the
// rollback returns to the image those labels recorded.

describe('devops-loop deploy, status and rollback of a Compose target (built CLI, real engine)', function () {
  this.timeout(180_000);
  const docker = dockerSuite({ swarm: false, prefix: 'cmpcli' });
  const cli = cliSuite('devops-cmpcli-');
  let fixture: ComposeFixture;

  before(async () => {
    fixture = new ComposeFixture(docker.harness);
    for (const version of ['1.0.0', '2.0.0']) {
      await docker.harness.api('POST', `/images/${encodeURIComponent(docker.harness.image)}/tag?repo=${fixture.run}/web&tag=${version}`);
      fixture.images.push(fixture.tag(version));
    }
  });
  beforeEach(async () => {
    await fixture.up(fixture.run, 'web', fixture.tag('1.0.0'));
    await writeFile(join(cli.work, 'devops.yaml'), `version: 1\nengines:\n  docker: { host: "unix://${docker.harness.socket}" }\nenvironments:\n  staging:\n    target: { compose: ${fixture.run}/web }\n    image: ${fixture.run}/web\n    rolloutTimeout: 60s\n`);
    await writeFile(join(cli.work, 'package.json'), '{\n  "name": "web",\n  "version": "2.0.0"\n}\n');
    const git = simpleGit(cli.work);
    await git.init(['-b', 'main']);
    await git.addConfig('user.name', 'Cli User').addConfig('user.email', 'cli@example.test').addConfig('commit.gpgsign', 'false');
    await git.add('.').commit('chore(release): v2.0.0');
  });
  after(async () => fixture?.remove());

  const running = async (): Promise<StatusSection['items'][number] | undefined> => {
    const status = await cli.bundle.run(cli.work, 'status', '--json');
    return (JSON.parse(status.stdout) as { sections: StatusSection[] }).sections.find((s) => s.name === 'pipeline')?.items.find((i) => i.name === 'staging');
  };

  it('deploys the release version to the containers, status --json reads it from their labels, rollback returns to the image they replaced', async () => {
    const deployed = await cli.bundle.run(cli.work, 'deploy', 'staging', '--json');
    assert.equal(deployed.code, 0, deployed.stderr + deployed.stdout);
    assert.equal((JSON.parse(deployed.stdout) as PipelineRun).stages[0]?.status, 'succeeded');
    const [web] = await fixture.containers(fixture.run, 'web');
    assert.deepEqual([web?.image, web?.labels['devops-loop.deploy.version'], web?.labels['devops-loop.deploy.by']], [fixture.tag('2.0.0'), '2.0.0', 'Cli User']);
    const after = await running();
    assert.deepEqual([after?.running?.image, after?.running?.version, after?.running?.replicas, after?.running?.changedBy], [fixture.tag('2.0.0'), '2.0.0', { running: 1, desired: 1 }, 'Cli User']);

    const rolled = await cli.bundle.run(cli.work, 'rollback', 'staging', '--json');
    assert.equal(rolled.code, 0, rolled.stderr + rolled.stdout);
    assert.deepEqual((await fixture.containers(fixture.run, 'web')).map((c) => [c.image, c.labels['devops-loop.deploy.version']]), [[fixture.tag('1.0.0'), '1.0.0']]);
    assert.equal((await running())?.running?.version, '1.0.0');
    const audit = readFileSync(join(cli.work, '.devops', 'deploys.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(audit.map((r) => [r.action ?? 'deploy', r.version, r.result]), [['deploy', '2.0.0', 'succeeded'], ['rollback', '1.0.0', 'succeeded']]);
  });
});

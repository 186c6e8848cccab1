import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { StatusSection } from '../../../src/cli/commands/statusReport';
import type { PipelineRun } from '../../../src/core/pipeline/runTypes';
import { dockerSuite } from '../engines/dockerHarness';
import { cliSuite } from './cliBundle';

// `devops-loop rollback <env>` as it ships (the bundled CLI, a real child process) against a
// real Swarm service: the protected rule of `deploy`, a refusal for a command environment,
// and the engine's own rollback recorded like a deploy. `status --json` tells each engine
// environment's drift from main, counted in a real repository with release tags.

describe('devops-loop rollback and the drift of status --json (built CLI, real Swarm)', function () {
  this.timeout(180_000);
  const docker = dockerSuite({ prefix: 'envrb' });
  const cli = cliSuite('devops-envrb-cli-');
  let service: string;

  const yaml = (): string => `version: 1
environments:
  staging:
    target: { swarm: ${service} }
    image: 127.0.0.1:5999/envrb/web
    rolloutTimeout: 60s
  production:
    target: { swarm: ${service} }
    image: 127.0.0.1:5999/envrb/web
    protected: true
  scripted:
    deploy: echo deployed
`;

  const inspect = async (): Promise<{ Version: { Index: number }; Spec: { Labels?: Record<string, string> } & Record<string, unknown> }> => (await docker.harness.api('GET', `/services/${service}`)).json as never;

  beforeEach(async () => {
    service = `${docker.harness.runLabel[1]}_cli${Date.now().toString(36)}`;
    await docker.harness.createService(service, 1, {});
    await writeFile(join(cli.work, 'devops.yaml'), yaml());
  });
  afterEach(async () => {
    await docker.harness.api('DELETE', `/services/${service}`);
  });

  it('refuses a protected environment without --confirm, a --confirm of another one, and a command environment', async () => {
    const unconfirmed = await cli.bundle.run(cli.work, 'rollback', 'production');
    assert.equal(unconfirmed.code, 1);
    assert.equal(unconfirmed.stderr, 'devops-loop rollback: "production" is a protected environment: rerun with --confirm production\n');
    const wrong = await cli.bundle.run(cli.work, 'rollback', 'production', '--confirm', 'staging');
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.match(wrong.stderr, /--confirm staging does not name the environment being changed \(production\)/);
    const scripted = await cli.bundle.run(cli.work, 'rollback', 'scripted');
    assert.equal(scripted.code, 1);
    assert.match(scripted.stderr, /"scripted" deploys with a command, not to an engine target/);
    assert.equal(existsSync(join(cli.work, '.devops', 'history.json')), false, 'nothing ran');
  });

  it('refuses a service the engine keeps no previous spec of, then rolls back a deploy and records it; status --json says the drift', async () => {
    const none = await cli.bundle.run(cli.work, 'rollback', 'staging', '--json');
    assert.equal(none.code, 1, none.stderr);
    assert.match((JSON.parse(none.stdout) as PipelineRun).stages[0]?.reason ?? '', new RegExp(`"${service}" has no previous spec to roll back to`));

    // A release v2.0.0 in the repository, two commits on main after it, and a deploy that
    // recorded 2.0.0 on the service (same image, so only the spec's labels change).
    const git = simpleGit(cli.work);
    await git.init(['-b', 'main']);
    await git.addConfig('user.name', 'Cli User').addConfig('user.email', 'cli@example.test').addConfig('commit.gpgsign', 'false').addConfig('tag.gpgsign', 'false');
    await git.add('devops.yaml').commit('chore(release): v2.0.0');
    await git.addAnnotatedTag('v2.0.0', 'Release v2.0.0');
    for (const file of ['a.txt', 'b.txt']) {
      await writeFile(join(cli.work, file), file);
      await git.add(file).commit(`fix: ${file}`);
    }
    const now = await inspect();
    const labels = { ...now.Spec.Labels, 'devops-loop.deploy.image': docker.harness.image, 'devops-loop.deploy.version': '2.0.0', 'devops-loop.deploy.by': 'Cli User', 'devops-loop.deploy.at': new Date().toISOString() };
    assert.equal((await docker.harness.api('POST', `/services/${service}/update?version=${now.Version.Index}`, { ...now.Spec, Labels: labels })).status, 200);

    const status = await cli.bundle.run(cli.work, 'status', '--json');
    const pipeline = (JSON.parse(status.stdout) as { sections: StatusSection[] }).sections.find((s) => s.name === 'pipeline');
    const staging = pipeline?.items.find((i) => i.name === 'staging');
    assert.deepEqual([staging?.running?.version, staging?.running?.drift], ['2.0.0', { behind: 2, mainVersion: '2.0.0' }], status.stdout);
    assert.match(staging?.detail ?? '', /main is 2 commits ahead/);

    const rolled = await cli.bundle.run(cli.work, 'rollback', 'staging', '--json');
    assert.equal(rolled.code, 0, rolled.stderr + rolled.stdout);
    const run = JSON.parse(rolled.stdout) as PipelineRun;
    assert.deepEqual([run.stages[0]?.name, run.stages[0]?.status], ['rollback-staging', 'succeeded']);
    assert.equal((await inspect()).Spec.Labels?.['devops-loop.deploy.version'], undefined, 'the engine put the spec from before the deploy back');
    const audit = readFileSync(join(cli.work, '.devops', 'deploys.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(audit.map((r) => [r.environment, r.action, r.result, r.who]), [['staging', 'rollback', 'succeeded', 'Cli User']]);
    const after = await cli.bundle.run(cli.work, 'status', '--json');
    const rolledBack = (JSON.parse(after.stdout) as { sections: StatusSection[] }).sections.find((s) => s.name === 'pipeline')?.items.find((i) => i.name === 'staging');
    assert.equal(rolledBack?.running?.drift, null, 'the image tag is no released version: no drift is told');
  });
});

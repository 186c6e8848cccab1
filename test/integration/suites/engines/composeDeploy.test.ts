import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { ComposeFixture } from '../../../unit/pipeline/composeFixture';
import { activateExtension, waitFor } from '../empty/extensionUnderTest';
import { answerApprovals, failures } from '../empty/recordedPrompts';
import { withPipelineConfig } from './engineEnvironment';

// Deploy to a Compose target inside the editor, on the real dockerd: a Compose-labelled
// container (made through the API, as `docker compose up` labels it) runs 1.3.0; "Deploy"
// recreates it with the demo's release version, and the environment's row shows the version
// the container's labels say runs there.

const ENVIRONMENT = 'compose-staging';

describe('deploy to a Compose service from the Pipeline', function () {
  this.timeout(180_000);
  const docker = dockerSuite({ swarm: false, prefix: 'cmpit' });
  let api: DevopsTestApi;
  let fixture: ComposeFixture;
  let restoreConfig: (() => Promise<void>) | undefined;
  const row = (text: string): Promise<unknown> =>
    waitFor(`the ${ENVIRONMENT} row saying "${text}"`, () => {
      const found = api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`);
      return found?.description?.includes(text) ? found : undefined;
    }, 30_000);

  before(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    answerApprovals(api, () => true);
    const { harness } = docker;
    fixture = new ComposeFixture(harness);
    for (const version of ['1.3.0', '1.4.0']) {
      await harness.api('POST', `/images/${encodeURIComponent(harness.image)}/tag?repo=${fixture.run}/web&tag=${version}`);
      fixture.images.push(fixture.tag(version));
    }
    await fixture.up(fixture.run, 'web', fixture.tag('1.3.0'));
    restoreConfig = await withPipelineConfig(api, (doc) => {
      doc.set('engines', { docker: { host: `unix://${harness.socket}` } });
      doc.setIn(['environments', ENVIRONMENT], { target: { compose: `${fixture.run}/web` }, image: `${fixture.run}/web`, rollback: 'auto', rolloutTimeout: '60s' });
    });
  });

  after(async () => {
    answerApprovals(api, undefined);
    await restoreConfig?.();
    await fixture?.remove();
  });

  it('shows what runs before, recreates the container with the release version, and the row shows the version the engine runs', async () => {
    await row('runs 1.3.0');
    const deployed = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', ENVIRONMENT);
    assert.equal(deployed?.status, 'succeeded', deployed?.stages[0]?.reason ?? failures(api).at(-1)?.text);
    const [web] = await fixture.containers(fixture.run, 'web');
    assert.deepEqual([web?.name, web?.image, web?.state, web?.labels['devops-loop.deploy.version']], [`${fixture.run}-web-1`, fixture.tag('1.4.0'), 'running', '1.4.0']);
    await row('runs 1.4.0 · 1/1 · ');
  });
});

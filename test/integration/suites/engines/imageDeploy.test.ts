import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { startRegistry, type RegistryHarness } from '../../../unit/engines/registryHarness';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { withPipelineConfig } from './engineEnvironment';
import { answerApprovals, failures } from '../empty/recordedPrompts';

// Release → push → deploy inside the editor, on a real dockerd, a one-node Swarm and a real
// docker-registry on 127.0.0.1: the Pipeline's image stage builds and pushes the demo's
// version, "Deploy" sets the Swarm service of environment swarm-staging to it, and the
// environment's row shows the version the engine says runs there.

const SERVICE = 'dlit_shop';
const ENVIRONMENT = 'swarm-staging';

describe('image release and Swarm deploy from the Pipeline', function () {
  this.timeout(240_000);
  const docker = dockerSuite({ swarm: true });
  let api: DevopsTestApi;
  let registry: RegistryHarness;
  let restoreConfig: (() => Promise<void>) | undefined;
  const contextDir = (): string => join(workspaceRoot().fsPath, 'shop-image');

  before(async function () {
    this.timeout(240_000);
    api = await activateExtension();
    answerApprovals(api, () => true);
    registry = await startRegistry();
    const { harness } = docker;
    await harness.createService(SERVICE, 1, {});
    await mkdir(contextDir(), { recursive: true });
    // The test image's health check asks httpd on 8080, so the release serves it.
    const program = JSON.stringify(['/bin/busybox', 'sh', '-c', 'trap "exit 0" TERM; /bin/busybox httpd -p 8080 -h /www; while true; do /bin/busybox sleep 1; done']);
    await writeFile(join(contextDir(), 'Dockerfile'), `FROM ${harness.image}\nLABEL shop=demo\nCMD ${program}\n`);
    restoreConfig = await withPipelineConfig(api, (doc) => {
      doc.set('engines', { docker: { host: `unix://${harness.socket}` } });
      doc.setIn(['pipeline', 'stages', 'image'], { kind: 'image', context: 'shop-image', image: `${registry.host}/shop/web` });
      doc.setIn(['environments', ENVIRONMENT], { target: { swarm: SERVICE }, image: `${registry.host}/shop/web`, rollback: 'auto', rolloutTimeout: '120s' });
    });
  });

  after(async () => {
    answerApprovals(api, undefined);
    await restoreConfig?.();
    await docker.harness?.api('DELETE', `/services/${SERVICE}`);
    if (registry) {
      const filters = encodeURIComponent(JSON.stringify({ reference: [`${registry.host}/shop/web`] }));
      const images = ((await docker.harness.api('GET', `/images/json?filters=${filters}`)).json ?? []) as { Id: string }[];
      for (const image of images) await docker.harness.api('DELETE', `/images/${image.Id}?force=1`);
      await registry.stop();
    }
    await rm(contextDir(), { recursive: true, force: true });
  });

  it('releases the image to the registry, deploys it to the Swarm service, and the row shows what the engine runs', async () => {
    const released = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.runStage', 'image');
    const image = released?.stages.find((s) => s.name === 'image');
    assert.equal(image?.status, 'succeeded', image?.reason ?? failures(api).at(-1)?.text);
    assert.ok((await registry.tags('shop/web')).includes('1.4.0'), 'the version tag is in the registry');
    const deployed = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', ENVIRONMENT);
    assert.equal(deployed?.status, 'succeeded', deployed?.stages[0]?.reason ?? failures(api).at(-1)?.text);
    const service = (await docker.harness.api('GET', `/services/${SERVICE}`)).json as { Spec: { TaskTemplate: { ContainerSpec: { Image: string } } } };
    assert.match(service.Spec.TaskTemplate.ContainerSpec.Image, new RegExp(`^${registry.host}/shop/web:1\\.4\\.0`));
    const environmentRow = await waitFor('the environment row with the running version', () => {
      const found = api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`);
      return found?.description?.includes('runs 1.4.0') ? found : undefined;
    }, 30_000);
    assert.match(environmentRow.description ?? '', /runs 1\.4\.0 · 1\/1 · /);
  });
});

import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import { CommandId } from '../../../../src/vscode/commands/commandTable';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { startRegistry, type RegistryHarness } from '../../../unit/engines/registryHarness';
import { activateExtension, readText, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { answerApprovals } from '../empty/recordedPrompts';

// A registry that asks for a login (Debian's docker-registry with htpasswd) inside the
// editor: the image stage is refused without one, "Set Container Registry Login" asks for
// the user and password of the registry devops.yaml names and keeps them in SecretStorage,
// and the next release pushes with them.

describe('a container registry login from the editor', function () {
  this.timeout(240_000);
  const docker = dockerSuite();
  const login = { username: 'release-bot', password: `pw-${Math.random().toString(36).slice(2)}` };
  let api: DevopsTestApi;
  let registry: RegistryHarness;
  let original: string;
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
  const contextDir = (): string => join(workspaceRoot().fsPath, 'login-image');

  before(async function () {
    this.timeout(240_000);
    api = await activateExtension();
    answerApprovals(api, () => true);
    registry = await startRegistry({ login });
    await mkdir(contextDir(), { recursive: true });
    await writeFile(join(contextDir(), 'Dockerfile'), `FROM ${docker.harness.image}\nLABEL shop=login\n`);
    original = await readText(configUri());
    const doc = parseDocument(original);
    doc.set('engines', { docker: { host: `unix://${docker.harness.socket}` } });
    doc.setIn(['pipeline', 'stages', 'image'], { kind: 'image', context: 'login-image', image: `${registry.host}/shop/login` });
    await writeText(configUri(), doc.toString());
    await api.config.reload();
    await api.pipeline.load();
  });

  after(async () => {
    answerApprovals(api, undefined);
    api?.prompts.answer('credentials.registry', undefined);
    if (original !== undefined) await writeText(configUri(), original);
    await api?.config.reload();
    if (registry) {
      const filters = encodeURIComponent(JSON.stringify({ reference: [`${registry.host}/shop/login`] }));
      const images = ((await docker.harness.api('GET', `/images/json?filters=${filters}`)).json ?? []) as { Id: string }[];
      for (const image of images) await docker.harness.api('DELETE', `/images/${image.Id}?force=1`);
      await registry.stop();
    }
    await rm(contextDir(), { recursive: true, force: true });
  });

  it('is refused without a login, asks for one for the registry devops.yaml names, and pushes with it', async () => {
    const refused = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.runStage', 'image');
    const first = refused?.stages.find((s) => s.name === 'image');
    assert.equal(first?.status, 'failed');
    assert.match(first?.reason ?? '', new RegExp(`the registry ${registry.host} did not take .*no basic auth credentials`));

    api.prompts.answer('credentials.registry', (prompt) => (prompt.text.startsWith('User for') ? login.username : login.password));
    await vscode.commands.executeCommand(CommandId.setRegistryLogin);
    const asked = api.prompts.log.filter((p) => p.topic === 'credentials.registry').map((p) => p.text);
    assert.deepEqual(asked.slice(-2), [`User for the container registry ${registry.host}`, `Password or access token of ${login.username} for ${registry.host} (kept in VS Code SecretStorage, sent to this registry only)`]);
    assert.equal(api.prompts.log.filter((p) => p.topic === 'credentials.registry.stored').at(-1)?.text, `Image releases now push to ${registry.host} as ${login.username}.`);

    const pushed = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.runStage', 'image');
    const second = pushed?.stages.find((s) => s.name === 'image');
    assert.equal(second?.status, 'succeeded', second?.reason);
    assert.ok((await registry.tags('shop/login')).length > 0, 'the release is in the registry');
  });
});

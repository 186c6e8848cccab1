import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { CommandId } from '../../../../src/vscode/commands/commandTable';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { startSocketProxy, type SocketProxy } from '../../../unit/engines/socketProxy';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { rowById } from './servicesViewRows';

// A Docker engine on "another machine" that devops.yaml names (tcp://0.0.0.0:<port>: not a
// loopback name, so it needs the user's yes, while Linux still connects it to this machine's
// TCP proxy in front of the real engine; nothing leaves 127.0.0.1). Until the user allows
// it, nothing connects and the engine's row says why and offers Connect…; a "no" changes
// nothing; a "yes" connects, and is kept for this workspace and that address.

describe('a Docker engine on another machine, allowed by the user', function () {
  this.timeout(120_000);
  const docker = dockerSuite();
  let api: DevopsTestApi;
  let proxy: SocketProxy;
  let original: string;
  let address: string;
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');

  before(async () => {
    api = await activateExtension();
    proxy = await startSocketProxy(docker.harness.socket);
    address = `tcp://0.0.0.0:${proxy.port}`;
    original = await readText(configUri());
    const doc = parseDocument(original);
    doc.set('engines', { docker: { host: address } });
    await writeText(configUri(), doc.toString());
    await api.config.reload();
    await vscode.commands.executeCommand('devops.services.focus');
  });

  after(async () => {
    api?.prompts.answer('engines.allowHost', undefined);
    if (original !== undefined) await writeText(configUri(), original);
    await api?.config.reload();
    await proxy?.close();
  });

  it('connects nowhere until the user says yes in a modal naming the address, then shows the engine', async () => {
    const refused = await waitFor('the refused engine row', () => rowById(api, 'engines/refused/docker'), 30_000);
    assert.match(refused.description ?? '', new RegExp(`devops.yaml points the Docker engine at ${address.replace(/\./g, '\\.')}, another machine`));
    assert.match(refused.contextValue, /\bhost-allowable\b/);
    assert.equal(proxy.requests.length, 0, 'no request reached the engine before the yes');

    api.prompts.answer('engines.allowHost', () => undefined);
    await vscode.commands.executeCommand(CommandId.engineAllowHost, refused);
    const asked = api.prompts.log.filter((p) => p.topic === 'engines.allowHost').at(-1);
    assert.equal(asked?.text, `Connect to the Docker engine at ${address}?`);
    assert.ok(rowById(api, 'engines/refused/docker'), 'a dismissed modal leaves the engine refused');
    assert.equal(proxy.requests.length, 0);

    api.prompts.answer('engines.allowHost', () => 'Connect');
    await vscode.commands.executeCommand(CommandId.engineAllowHost, refused);
    const engine = await waitFor('the Docker engine row, connected', () => {
      const row = rowById(api, 'engines/docker');
      return row?.description?.includes('workload') ? row : undefined;
    }, 60_000);
    assert.equal(engine.label, 'Docker');
    assert.equal(rowById(api, 'engines/refused/docker'), undefined);
    assert.ok(proxy.requests.some((line) => /^GET \/v[\d.]+\/(containers\/json|events)/.test(line)), `the engine was asked through the allowed address: ${proxy.requests.slice(0, 3).join(' | ')}`);

    // Kept: devops.yaml read again connects at once, with no question.
    const questions = api.prompts.log.filter((p) => p.topic === 'engines.allowHost').length;
    await api.config.reload();
    assert.ok(rowById(api, 'engines/docker'));
    assert.equal(api.prompts.log.filter((p) => p.topic === 'engines.allowHost').length, questions);
  });
});

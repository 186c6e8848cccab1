import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { CommandId } from '../../../../src/vscode/commands/commandTable';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { failures } from '../empty/recordedPrompts';

// Restricted Mode and the engines: devops.yaml names a Docker engine on 127.0.0.1 (a
// server that counts connections stands in for it); the Services view says the engines
// connect once the folder is trusted, nothing connects, and every workload action (Open
// Shell and Port Forward… too) is refused as untrusted before it asks anything.

describe('Restricted Mode: engines', function () {
  this.timeout(60_000);
  let api: DevopsTestApi;
  let server: Server;
  let connections = 0;
  let original: string | undefined;
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');

  before(async () => {
    api = await activateExtension();
    server = createServer((_req, res) => res.writeHead(200).end('{}'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    original = await readText(configUri());
    const doc = parseDocument(original);
    doc.set('engines', { docker: { host: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}` } });
    await writeText(configUri(), doc.toString());
    await api.config.reload();
  });

  after(async () => {
    if (original !== undefined) await writeText(configUri(), original);
    await api.config.reload();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shows that the engines wait for trust, connects to none, and refuses every workload action', async () => {
    const row = await waitFor('the engines row of Restricted Mode', () => api.views.services.findRow('engines/restricted'));
    assert.match(row.description ?? '', /trust/);
    const told = failures(api).length;
    const data = { engineId: 'docker', workloadId: 'docker/compose-service/shop/web' };
    for (const command of [CommandId.engineScale, CommandId.engineRestart, CommandId.engineStart, CommandId.engineStop, CommandId.engineDeleteMember, CommandId.engineShowLogs, CommandId.engineOpenShell, CommandId.enginePortForward]) {
      await vscode.commands.executeCommand(command, { id: 'workload/x', data });
    }
    const refused = failures(api).slice(told);
    assert.equal(refused.length, 8, `each action was refused: ${refused.map((f) => f.text).join(' | ')}`);
    for (const failure of refused) assert.equal(failure.reason, 'untrusted', failure.text);
    assert.ok(refused.some((f) => /opening a shell/.test(f.text)), 'Open Shell says what it refused');
    assert.equal(vscode.window.terminals.filter((t) => t.name.startsWith('Shell: ')).length, 0, 'no shell terminal opened');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(connections, 0, 'nothing connected to the engine');
  });
});

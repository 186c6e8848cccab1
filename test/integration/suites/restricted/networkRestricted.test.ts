import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { consentQuestions } from '../empty/recordedPrompts';

// Restricted Mode makes no connection at all, and this proves it against a server that
// would be reached: devops.yaml points a GitHub plan, a GitHub CI entry (with its own
// proxy), an HTTP and a TCP health probe and Prometheus at a real server on 127.0.0.1,
// and a token is stored
// for its origin, so that without the network gate each of them would connect. Each is
// seen trying (refused by the gate with the Restricted Mode reason), and the server
// sees no connection and the gate counts none.

describe('Restricted Mode: no network connection', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let server: Server;
  let base: string;
  let connections = 0;
  let requests = 0;
  let configUri: vscode.Uri;
  let original: string | undefined;

  before(async () => {
    api = await activateExtension();
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    await api.credentials.store('github', base, 'ghp_RESTRICTED_MODE_TOKEN');
    configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    original = await readText(configUri);
    const doc = parseDocument(original);
    doc.setIn(['plan'], { provider: 'github', repository: 'octo-org/octo-repo', baseUrl: base });
    doc.setIn(['pipeline', 'ci'], [{ provider: 'github', baseUrl: base, repository: 'octo-org/octo-repo', proxy: `http://127.0.0.1:${port}` }]);
    doc.setIn(['services', 'api', 'health'], { http: `${base}/healthz`, interval: '1s', timeout: '1s' });
    doc.setIn(['services', 'store', 'health'], { tcp: `127.0.0.1:${port}`, interval: '1s', timeout: '1s' });
    doc.setIn(['monitor', 'prometheus', 'url'], base);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    assert.equal(api.config.snapshot.config?.plan?.baseUrl, base, 'devops.yaml took the plan');
  });

  after(async () => {
    if (original !== undefined) {
      await writeText(configUri, original);
      await api.config.reload();
    }
    await api.credentials.store('github', base, undefined);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('every part that would connect tries, is refused with the reason, and nothing reaches the server', async () => {
    assert.equal(await api.credentials.has('github', base), true, 'signed in for the server, so the plan and CI would send requests');
    await vscode.commands.executeCommand('devops.ci.focus');
    await vscode.commands.executeCommand('devops.services.probeNow');
    await vscode.commands.executeCommand('devops.showMonitor');
    api.ci.refreshNow();
    await vscode.commands.executeCommand('devops.plan.refresh');

    const plan = await waitFor('the plan load refused', () => api.plan.model?.state.error);
    assert.equal((plan as { reason?: unknown }).reason, 'untrusted');
    assert.match(plan.message, /Restricted Mode/);
    for (const name of ['api', 'store']) {
      const result = await waitFor(`the ${name} probe refused`, () => api.services.service(name)?.lastResult);
      assert.deepEqual([result.state, result.reason], ['unknown', 'untrusted'], `${name}: ${result.detail}`);
    }
    const ci = await waitFor('the CI poll refused', () => api.ci.view.getChildren().find((row) => row.id.startsWith('ci/github:octo-org/octo-repo') && /failing/.test(row.description ?? '')));
    assert.ok(ci);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(connections, 0, 'the server accepted no connection');
    assert.equal(requests, 0, 'the server received no request');
    assert.equal(api.ports.connectionsOpened, 0, 'the gate counted no connection');
    assert.deepEqual(consentQuestions(api), [], 'devops.yaml\'s proxy is not even offered before trust');
  });
});

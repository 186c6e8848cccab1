import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { ForwardProxy } from '../../../unit/http/forwardProxy';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';

// A devops.yaml `proxy:` or `caFile:` could let the repository read the TLS traffic to
// its server, token included. In a trusted workspace the extension ignores them until the
// user allows exactly that value, says so once with a button, and asks again when the
// value changes. The proxy is a real intercepting proxy on 127.0.0.1 that records every
// header; the GitLab the entry is signed in for listens on 127.0.0.2, a loopback address
// (so plain http may carry the token) that is not excluded from proxies, so with the
// proxy in use the token would pass through it.

const token = 'glpat-CONSENT-TEST-TOKEN';

describe('devops.yaml proxy and CA file need the user\'s consent', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let proxy: ForwardProxy;
  let gitlab: Server;
  let server = '';
  let asked = 0;
  let configUri: vscode.Uri;
  let original: string;

  const useEntry = async (entry: Record<string, unknown>): Promise<void> => {
    const doc = parseDocument(original);
    doc.setIn(['pipeline', 'ci'], [{ provider: 'gitlab', baseUrl: server, project: 'group/project', ...entry }]);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    await vscode.commands.executeCommand('devops.ci.focus');
  };
  const questions = (): number => api.network.consentQuestions.length;

  before(async () => {
    api = await activateExtension();
    proxy = await ForwardProxy.start();
    gitlab = createServer((_req, res) => {
      asked++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => gitlab.listen(0, '127.0.0.2', resolve));
    server = `http://127.0.0.2:${(gitlab.address() as AddressInfo).port}`;
    configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    original = await readText(configUri);
    await api.credentials.store('gitlab', server, token);
    // The editor's own proxy support would re-route the direct requests (and here, with no
    // system proxy to ask, hold them): the user's setting keeps it out of the way.
    await vscode.workspace.getConfiguration('http').update('proxySupport', 'off', vscode.ConfigurationTarget.Global);
    await writeText(vscode.Uri.joinPath(workspaceRoot(), 'corp-ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  });

  after(async () => {
    api.network.answerConsent(undefined);
    await writeText(configUri, original);
    await api.config.reload();
    await api.credentials.store('gitlab', server, undefined);
    await vscode.workspace.getConfiguration('http').update('proxySupport', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'corp-ca.pem'));
    await proxy.close();
    gitlab.closeAllConnections();
    await new Promise<void>((resolve) => gitlab.close(() => resolve()));
  });

  it('without consent the proxy is ignored and the user is told once, naming it, with a button', async () => {
    api.network.answerConsent(() => false);
    const before = questions();
    await useEntry({ proxy: proxy.url() });
    const question = await waitFor('the notice about the proxy', () => api.network.consentQuestions[before]);
    assert.deepEqual([question.kind, question.value, question.allow], ['proxy', proxy.url(), 'Allow This Proxy']);
    assert.match(question.text, new RegExp(`through the proxy ${proxy.url().replace(/[.:/]/g, '\\$&')}`));
    api.ci.refreshNow();
    await waitFor('the GitLab entry polled straight', () => asked > 0, 30_000);
    assert.deepEqual(proxy.seen, [], 'nothing went through the repository\'s proxy');
    await useEntry({ proxy: proxy.url(), watchBranches: ['main'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(questions(), before + 1, 'told once, not on every reload');
  });

  it('a changed value asks again; once allowed, traffic goes through that proxy', async () => {
    api.network.answerConsent(() => true);
    const before = questions();
    const changed = `${proxy.url()}/`;
    await useEntry({ proxy: changed });
    const question = await waitFor('the notice about the changed proxy', () => api.network.consentQuestions[before]);
    assert.equal(question.value, changed);
    api.ci.refreshNow();
    const through = await waitFor('a poll through the allowed proxy', () => proxy.seen.find((request) => request.target.startsWith(`${server}/api/v4/projects/`)), 20_000);
    assert.equal(through.headers['private-token'], token, 'what the proxy could read, and why it takes the user\'s consent');
  });

  it('a CA file: asked for by its path inside the workspace; one outside is refused without a button', async () => {
    api.network.answerConsent(() => false);
    let before = questions();
    await useEntry({ caFile: 'corp-ca.pem' });
    const inside = await waitFor('the notice about the CA file', () => api.network.consentQuestions[before]);
    assert.deepEqual([inside.kind, inside.value, inside.allow], ['caFile', vscode.Uri.joinPath(workspaceRoot(), 'corp-ca.pem').fsPath, 'Allow This CA File']);
    before = questions();
    await useEntry({ caFile: '../../etc/ssl/evil-ca.pem' });
    const outside = await waitFor('the notice about the CA file outside', () => api.network.consentQuestions[before]);
    assert.deepEqual([outside.kind, outside.value, outside.allow], ['caFile', '../../etc/ssl/evil-ca.pem', undefined]);
    assert.match(outside.text, /outside the workspace/);
  });
});

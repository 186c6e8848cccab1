import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { ForwardProxy } from '../../../unit/http/forwardProxy';
import { LocalServer, sendJson } from '../../../unit/http/localServer';
import { activateExtension, readText, showCiRunsView, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { answerConsent, consentQuestions } from '../empty/recordedPrompts';

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
    await showCiRunsView(api);
  };
  const questions = (): number => consentQuestions(api).length;

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

    await writeText(vscode.Uri.joinPath(workspaceRoot(), 'corp-ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  });

  after(async () => {
    answerConsent(api, undefined);
    await writeText(configUri, original);
    await api.config.reload();
    await api.credentials.store('gitlab', server, undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'corp-ca.pem'));
    await proxy.close();
    gitlab.closeAllConnections();
    await new Promise<void>((resolve) => gitlab.close(() => resolve()));
  });

  it('without consent the proxy is ignored and the user is told once, naming it, with a button', async () => {
    answerConsent(api, () => false);
    const before = questions();
    await useEntry({ proxy: proxy.url() });
    const question = await waitFor('the notice about the proxy', () => consentQuestions(api)[before]);
    assert.deepEqual([question.kind, question.value, question.allow], ['proxy', proxy.url(), 'Allow This Proxy']);
    assert.match(question.text, new RegExp(`through the proxy ${proxy.url().replace(/[.:/]/g, '\\$&')}`));
    await waitFor('the GitLab entry in the view', () => api.ci.view.getChildren().find((row) => row.id.startsWith('ci/gitlab:group/project')));
    api.ci.refreshNow();
    await waitFor('the GitLab entry polled straight', () => asked > 0, 30_000);
    assert.deepEqual(proxy.seen, [], 'nothing went through the repository\'s proxy');
    await useEntry({ proxy: proxy.url(), watchBranches: ['main'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(questions(), before + 1, 'told once, not on every reload');
  });

  it('a changed value asks again; once allowed, traffic goes through that proxy', async () => {
    answerConsent(api, () => true);
    const before = questions();
    const changed = `${proxy.url()}/`;
    await useEntry({ proxy: changed });
    const question = await waitFor('the notice about the changed proxy', () => consentQuestions(api)[before]);
    assert.equal(question.value, changed);
    await new Promise((resolve) => setTimeout(resolve, 500));
    api.ci.refreshNow();
    const through = await waitFor('a poll through the allowed proxy', () => proxy.seen.find((request) => request.target.startsWith(`${server}/api/v4/projects/`)), 20_000);
    assert.equal(through.headers['private-token'], token, 'what the proxy could read, and why it takes the user\'s consent');
  });

  it('a CA file: asked for by its path inside the workspace; one outside is refused without a button', async () => {
    answerConsent(api, () => false);
    let before = questions();
    await useEntry({ caFile: 'corp-ca.pem' });
    const inside = await waitFor('the notice about the CA file', () => consentQuestions(api)[before]);
    assert.deepEqual([inside.kind, inside.value, inside.allow], ['caFile', vscode.Uri.joinPath(workspaceRoot(), 'corp-ca.pem').fsPath, 'Allow This CA File']);
    before = questions();
    await useEntry({ caFile: '../../etc/ssl/evil-ca.pem' });
    const outside = await waitFor('the notice about the CA file outside', () => consentQuestions(api)[before]);
    assert.deepEqual([outside.kind, outside.value, outside.allow], ['caFile', '../../etc/ssl/evil-ca.pem', undefined]);
    assert.match(outside.text, /outside the workspace/);
  });
});

// Where traffic goes and whom it trusts comes from the user's settings, never from a
// workspace's .vscode/settings.json (which the repository ships): a CA file named there
// is not trusted, the same file in the user's settings is. The server is HTTPS on
// 127.0.0.1 with a certificate of its own; the editor's proxy support is off (a user
// setting) so the extension's own connection, with its CA list, is the one used.
describe('the extra CA file comes from the user\'s settings only', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let dir: string;
  let https: LocalServer;
  let configUri: vscode.Uri;
  let settingsUri: vscode.Uri;
  let original: string;

  before(async () => {
    api = await activateExtension();
    dir = mkdtempSync(join(tmpdir(), 'devops-ca-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    https = await LocalServer.start((_req, res) => sendJson(res, 200, []), { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') });
    await api.credentials.store('gitlab', https.url, token);
    await vscode.workspace.getConfiguration('http').update('proxySupport', 'off', vscode.ConfigurationTarget.Global);
    settingsUri = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
    await writeText(settingsUri, JSON.stringify({ 'devops.network.caFile': join(dir, 'cert.pem') }));
    configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    original = await readText(configUri);
    const doc = parseDocument(original);
    doc.setIn(['pipeline', 'ci'], [{ provider: 'gitlab', baseUrl: https.url, project: 'group/project' }]);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    await waitFor('the CI Runs view to be offered', () => api.contextKey('devops.ciConfigured'));
    await showCiRunsView(api);
  });

  after(async () => {
    await writeText(configUri, original);
    await api.config.reload();
    await vscode.workspace.fs.delete(settingsUri);
    await vscode.workspace.getConfiguration('devops.network').update('caFile', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('proxySupport', undefined, vscode.ConfigurationTarget.Global);
    await api.credentials.store('gitlab', https.url, undefined);
    await https.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a CA file in the workspace settings is not trusted; in the user settings it is', async () => {
    api.ci.refreshNow();
    const row = (): RowNode | undefined => api.ci.view.getChildren().find((candidate) => candidate.id.startsWith('ci/gitlab:group/project'));
    await waitFor('the poll to fail on the untrusted certificate', () => /failing/.test(row()?.description ?? ''), 30_000);
    assert.deepEqual(https.requests, [], 'no request got past the TLS handshake');
    await vscode.workspace.getConfiguration('devops.network').update('caFile', join(dir, 'cert.pem'), vscode.ConfigurationTarget.Global);
    api.ci.refreshNow();
    const asked = await waitFor('a poll over TLS with the user\'s CA', () => https.requests.find((request) => request.url.startsWith('/api/v4/projects/')), 30_000);
    assert.equal(asked.headers['private-token'], token);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../../src/backends/http/httpClient';
import type { HttpClientOptions } from '../../../src/backends/http/httpClient';
import { HttpError } from '../../../src/backends/http/httpErrors';
import { bypassesProxy } from '../../../src/backends/http/proxyAgent';
import { ForwardProxy } from './forwardProxy';
import { closedPort, LocalServer, sendJson } from './localServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const user = 'proxy-user';
const password = 'p@ss-Secret-42';
const userInfo = `${user}:${encodeURIComponent(password)}`;
const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const leaks = [password, encodeURIComponent(password), basic.slice(6), userInfo];

function proxyError(check: (e: HttpError) => boolean): (e: unknown) => boolean {
  return (e) => {
    if (!HttpError.isHttp(e)) return false;
    const leaked = leaks.find((secret) => e.message.includes(secret) || String(e.stack).includes(secret));
    assert.equal(leaked, undefined, `credentials in "${e.message}"`);
    return e.detail === 'proxy' && check(e);
  };
}

describe('HttpClient through a forward proxy (real proxy on 127.0.0.1)', () => {
  let dir: string;
  let tls: { key: string; cert: string };
  let server: LocalServer | undefined;
  let proxy: ForwardProxy | undefined;
  const clients: HttpClient[] = [];
  const client = (options: HttpClientOptions): HttpClient => {
    const created = new HttpClient({ timeoutMs: 3000, noProxy: [], ...options });
    clients.push(created);
    return created;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'http-proxy-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const created of clients.splice(0)) created.close();
    await server?.close();
    await proxy?.close();
    server = undefined;
    proxy = undefined;
  });

  it('tunnels HTTPS with CONNECT, trusts the target through the CA file, and keeps the tunnel alive', async () => {
    server = await LocalServer.start((req, res) => sendJson(res, 200, { path: req.url }), tls);
    proxy = await ForwardProxy.start();
    const http = client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem'), proxy: proxy.url() });
    for (const path of ['/one', '/two', '/three']) assert.deepEqual((await http.request({ path })).body, { path });
    assert.deepEqual(proxy.seen.map((r) => [r.method, r.target]), [['CONNECT', `127.0.0.1:${new URL(server.url).port}`]]);
    assert.equal(proxy.tunnels, 1);
    assert.equal(server.requests.length, 3);
  });

  it('checks the target certificate inside the tunnel: without the CA file it is not trusted', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, {}), tls);
    proxy = await ForwardProxy.start();
    const http = client({ network: openNetwork, baseUrl: server.url, proxy: proxy.url() });
    await assert.rejects(http.request({ path: '/' }), (e) => HttpError.isHttp(e) && e.detail === 'network' && /not trusted/.test(e.message));
    assert.equal(proxy.tunnels, 1);
    assert.equal(server.requests.length, 0);
  });

  it('keeps its own route when the editor host patches https.request (VS Code http.proxySupport "override")', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, { ok: true }), tls);
    proxy = await ForwardProxy.start();
    // The module object itself, as VS Code's extension host patches it (not an import wrapper).
    const httpsModule = createRequire(__filename)('node:https') as { request: (...args: unknown[]) => unknown };
    const original = httpsModule.request;
    let patchedCalls = 0;
    httpsModule.request = (...args: unknown[]) => {
      patchedCalls++;
      return original(...args);
    };
    try {
      await client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem'), proxy: proxy.url() }).request({ path: '/via-proxy' });
      assert.equal(patchedCalls, 0);
      assert.equal(proxy.tunnels, 1);
      await client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem') }).request({ path: '/direct' });
      assert.equal(patchedCalls, 1, 'a client without a proxy leaves routing to the host');
    } finally {
      httpsModule.request = original;
    }
  });

  it('sends HTTP targets to the proxy in absolute form', async () => {
    server = await LocalServer.start((req, res) => sendJson(res, 200, { path: req.url, via: req.headers['proxy-authorization'] ?? null }));
    proxy = await ForwardProxy.start();
    const http = client({ network: openNetwork, baseUrl: `${server.url}/api`, proxy: proxy.url() });
    assert.deepEqual((await http.request({ path: '/items', query: { page: 2 } })).body, { path: '/api/items?page=2', via: null });
    assert.deepEqual(proxy.seen.map((r) => [r.method, r.target]), [['GET', `${server.url}/api/items?page=2`]]);
    assert.equal(proxy.forwarded, 1);
  });

  it('sends the proxy URL credentials as Proxy-Authorization, for tunnels and forwarded requests', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, { ok: true }), tls);
    const plain = await LocalServer.start((_req, res) => sendJson(res, 200, { ok: true }));
    proxy = await ForwardProxy.start({ requireAuthorization: basic });
    try {
      await client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem'), proxy: proxy.url(userInfo) }).request({ path: '/' });
      await client({ network: openNetwork, baseUrl: plain.url, proxy: proxy.url(userInfo) }).request({ path: '/' });
      assert.deepEqual(proxy.seen.map((r) => [r.method, r.authorization]), [['CONNECT', basic], ['GET', basic]]);
      assert.equal(server.requests[0].headers['proxy-authorization'], undefined);
    } finally {
      await plain.close();
    }
  });

  it('says the proxy wants authentication (407), naming the proxy but never the credentials', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, {}), tls);
    const plain = await LocalServer.start((_req, res) => sendJson(res, 200, {}));
    proxy = await ForwardProxy.start({ requireAuthorization: 'Basic c29tZW9uZTplbHNl' });
    const named = `127.0.0.1:${proxy.port}`;
    try {
      const tunnelled = client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem'), proxy: proxy.url(userInfo) });
      await assert.rejects(tunnelled.request({ path: '/' }), proxyError((e) => e.status === 407 && e.reason === 'forbidden' && e.message.includes(named)));
      const forwarded = client({ network: openNetwork, baseUrl: plain.url, proxy: proxy.url(userInfo) });
      await assert.rejects(forwarded.request({ path: '/' }), proxyError((e) => e.status === 407 && e.message.includes(named)));
      assert.equal(server.requests.length + plain.requests.length, 0);
      assert.equal(proxy.seen.length, 2);
    } finally {
      await plain.close();
    }
  });

  it('says the proxy refused the tunnel instead of blaming the target', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, {}), tls);
    proxy = await ForwardProxy.start({ refuseConnect: 403 });
    const http = client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem'), proxy: proxy.url(userInfo) });
    const target = new URL(server.url).host;
    await assert.rejects(http.request({ path: '/' }), proxyError((e) => e.status === 403 && /refused to open a tunnel/.test(e.message) && e.message.includes(target)));
    assert.equal(server.requests.length, 0);
  });

  it('says the proxy is unreachable when nothing listens there, for HTTPS and HTTP targets', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, {}), tls);
    const port = await closedPort();
    const down = `http://${userInfo}@127.0.0.1:${port}`;
    const unreachable = proxyError((e) => e.reason === 'unavailable' && e.message.includes(`proxy 127.0.0.1:${port}`) && /connection refused/.test(e.message));
    await assert.rejects(client({ network: openNetwork, baseUrl: server.url, caFile: join(dir, 'cert.pem'), proxy: down }).request({ path: '/' }), unreachable);
    await assert.rejects(client({ network: openNetwork, baseUrl: 'http://127.0.0.1:9', proxy: down }).request({ path: '/' }), unreachable);
    assert.equal(server.requests.length, 0);
  });

  it('keeps its deadline and closes the socket when the proxy never answers CONNECT', async () => {
    const accepted: Promise<void>[] = [];
    const silent = net.createServer((socket) => {
      // Reads (and ignores) the CONNECT, so the client's close is seen.
      socket.resume();
      accepted.push(new Promise((resolve) => socket.on('close', () => resolve())));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const http = client({ network: openNetwork, baseUrl: 'https://127.0.0.1:9', timeoutMs: 300, proxy: `http://127.0.0.1:${port}` });
      await assert.rejects(http.request({ path: '/' }), (e) => HttpError.isHttp(e) && e.detail === 'timeout');
      assert.equal(accepted.length, 1);
      await accepted[0];
    } finally {
      silent.close();
    }
  });

  it('refuses an unusable proxy setting without echoing it', async () => {
    const http = client({ network: openNetwork, baseUrl: 'http://127.0.0.1:9', proxy: `ftp://${userInfo}@proxy` });
    await assert.rejects(http.request({ path: '/' }), proxyError((e) => e.reason === 'invalid-config'));
  });

  it('reaches loopback hosts directly unless the exclusion list is given', async () => {
    server = await LocalServer.start((_req, res) => sendJson(res, 200, { ok: true }));
    proxy = await ForwardProxy.start();
    const direct = new HttpClient({ network: openNetwork, baseUrl: server.url, timeoutMs: 3000, proxy: proxy.url() });
    clients.push(direct);
    await direct.request({ path: '/direct' });
    assert.equal(proxy.seen.length, 0);
    await client({ network: openNetwork, baseUrl: server.url, proxy: proxy.url() }).request({ path: '/proxied' });
    assert.deepEqual(proxy.seen.map((r) => r.target), [`${server.url}/proxied`]);
  });

  it('matches NO_PROXY entries by host, domain suffix, port, IPv6 and "*"', () => {
    const at = (url: string, list: string[]): boolean => bypassesProxy(new URL(url), list);
    assert.equal(at('https://git.corp.example/api', ['corp.example']), true);
    assert.equal(at('https://corp.example/api', ['.corp.example']), true);
    assert.equal(at('https://notcorp.example/api', ['corp.example']), false);
    assert.equal(at('https://git.corp.example:8443/', ['*.corp.example:8443']), true);
    assert.equal(at('https://git.corp.example/', ['git.corp.example:8443']), false);
    assert.equal(at('http://[::1]:8080/', ['::1']), true);
    assert.equal(at('http://[::1]:8080/', ['[::1]:8080']), true);
    assert.equal(at('https://api.github.com/', ['*']), true);
    assert.equal(at('https://api.github.com/', ['', ' ', 'gitlab.com']), false);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { HttpClient } from '../../../src/backends/http/httpClient';
import { HttpError } from '../../../src/backends/http/httpErrors';
import { collectPages, pagesByLink, pagesByNumber, parseLinkHeader } from '../../../src/backends/http/pagination';
import { closedPort, LocalServer, sendJson } from './localServer';
import type { Handler } from './localServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const token = 'ghp_secretToken1234567890';

function isHttpError(check: (e: HttpError) => boolean): (e: unknown) => boolean {
  return (e) => HttpError.isHttp(e) && check(e) && !e.message.includes(token);
}

describe('HttpClient', () => {
  let server: LocalServer | undefined;
  let client: HttpClient | undefined;
  const start = async (handler: Handler, options: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): Promise<HttpClient> => {
    server = await LocalServer.start(handler);
    client = new HttpClient({ network: openNetwork, baseUrl: `${server.url}/api/v4`, timeoutMs: 2000, auth: () => Promise.resolve({ authorization: `Bearer ${token}` }), ...options });
    return client;
  };

  afterEach(async () => {
    client?.close();
    await server?.close();
    server = undefined;
    client = undefined;
  });

  it('joins paths under the base, sends query, auth and JSON, and decodes the answer', async () => {
    const http = await start((req, res) => sendJson(res, 201, { echo: req.body, url: req.url, auth: req.headers.authorization }));
    const response = await http.request({ method: 'POST', path: '/projects/1/issues', query: { a: 'x y', skip: undefined }, body: { title: 't' } });
    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { echo: '{"title":"t"}', url: '/api/v4/projects/1/issues?a=x+y', auth: `Bearer ${token}` });
    assert.equal(server!.requests[0].headers['content-type'], 'application/json');
  });

  const statusCases: [number, string, Record<string, string>][] = [
    [401, 'unauthorized', {}],
    [403, 'forbidden', {}],
    [404, 'not-found', {}],
    [500, 'unavailable', {}],
    [503, 'unavailable', {}],
  ];
  for (const [status, reason, headers] of statusCases) {
    it(`maps ${status} to ${reason} without the token in the message`, async () => {
      const http = await start((_req, res) => sendJson(res, status, { message: `token ${token} was bad` }, headers));
      await assert.rejects(http.request({ path: '/x?private_token=abc' }), isHttpError((e) => e.reason === reason && e.status === status && e.detail === 'status' && e.message.includes('***') && !e.message.includes('private_token')));
    });
  }

  it('reads Retry-After as seconds or as a date, and GitHub’s exhausted 403 as rate limited', async () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    let answer: Record<string, string> = {};
    let status = 429;
    const http = await start((_req, res) => sendJson(res, status, {}, answer), { now: () => now });
    answer = { 'retry-after': '7' };
    await assert.rejects(http.request({ path: '/a' }), isHttpError((e) => e.reason === 'rate-limited' && e.retryAfterMs === 7000));
    answer = { 'retry-after': 'Fri, 27 Nov 2026 10:01:00 GMT' };
    await assert.rejects(http.request({ path: '/a' }), isHttpError((e) => e.reason === 'rate-limited' && e.retryAfterMs === 60_000));
    status = 403;
    answer = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 120) };
    await assert.rejects(http.request({ path: '/a' }), isHttpError((e) => e.reason === 'rate-limited' && e.retryAfterMs === 120_000));
  });

  it('caps a server-chosen wait at 5 minutes: a Retry-After of days or a reset years away parks nothing', async () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    let answer: Record<string, string> = {};
    let status = 429;
    const http = await start((_req, res) => sendJson(res, status, {}, answer), { now: () => now });
    const fiveMinutes = isHttpError((e) => e.reason === 'rate-limited' && e.retryAfterMs === 5 * 60_000);
    answer = { 'retry-after': String(30 * 24 * 3600) };
    await assert.rejects(http.request({ path: '/a' }), fiveMinutes);
    answer = { 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' };
    await assert.rejects(http.request({ path: '/a' }), fiveMinutes);
    status = 403;
    answer = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4102444800' };
    await assert.rejects(http.request({ path: '/a' }), fiveMinutes);
  });

  it('sends If-None-Match once an ETag is known and returns the cached body on 304', async () => {
    const http = await start((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
      } else sendJson(res, 200, [{ n: 1 }], { etag: '"v1"', link: '<http://x/next>; rel="next"' });
    });
    const first = await http.request({ path: '/items' });
    const second = await http.request({ path: '/items' });
    assert.equal(first.notModified, false);
    assert.equal(second.notModified, true);
    assert.deepEqual(second.body, [{ n: 1 }]);
    assert.equal(second.headers.link, '<http://x/next>; rel="next"');
    assert.equal(server!.requests[1].headers['if-none-match'], '"v1"');
    const third = await http.request({ path: '/items', conditional: false });
    assert.equal(third.notModified, false);
  });

  it('follows Link rel="next" across pages and page numbers until a short page', async () => {
    const http = await start((req, res) => {
      const page = Number(new URL(req.url, 'http://h').searchParams.get('page') ?? '1');
      const next: Record<string, string> = page < 3 ? { link: `<${server!.url}/api/v4/items?page=${page + 1}&per_page=2>; rel="next", <${server!.url}/api/v4/items?page=3>; rel="last"` } : {};
      sendJson(res, 200, page < 3 ? [page * 10, page * 10 + 1] : [30], next);
    });
    const schema = z.array(z.number());
    const byLink = await collectPages(pagesByLink(http, { path: '/items', query: { per_page: 2 } }, schema), (b) => b);
    assert.deepEqual(byLink, { items: [10, 11, 20, 21, 30], pages: 3, allNotModified: false });
    const byNumber = await collectPages(pagesByNumber(http, { path: '/items' }, schema, { perPage: 2 }), (b) => b);
    assert.deepEqual(byNumber.items, [10, 11, 20, 21, 30]);
    assert.deepEqual(parseLinkHeader('<https://a/b?page=2>; rel="next", <https://a/b?page=9>; rel="last"'), { next: 'https://a/b?page=2', last: 'https://a/b?page=9' });
  });

  it('follows a redirect on the same host and refuses one to another host', async () => {
    const http = await start((req, res) => {
      if (req.url.endsWith('/old')) res.writeHead(301, { location: '/api/v4/new' }).end();
      else if (req.url.endsWith('/away')) res.writeHead(302, { location: 'http://login.example.invalid/sso' }).end();
      else sendJson(res, 200, { at: req.url });
    });
    assert.deepEqual((await http.request({ path: '/old' })).body, { at: '/api/v4/new' });
    await assert.rejects(http.request({ path: '/away' }), isHttpError((e) => e.detail === 'redirect-refused' && /login\.example\.invalid/.test(e.message)));
    assert.equal(server!.requests.length, 3);
  });

  it('cuts off a body past the size limit, declared or streamed', async () => {
    const big = 'x'.repeat(300_000);
    const http = await start((req, res) => {
      if (req.url.endsWith('/declared')) sendJson(res, 200, big);
      else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('"');
        res.write(big);
        res.end('"');
      }
    }, { maxBytes: 100_000 });
    await assert.rejects(http.request({ path: '/declared' }), isHttpError((e) => e.reason === 'invalid-data' && e.detail === 'too-large'));
    await assert.rejects(http.request({ path: '/streamed' }), isHttpError((e) => e.reason === 'invalid-data' && e.detail === 'too-large'));
  });

  it('says unavailable for a refused connection', async () => {
    const port = await closedPort();
    client = new HttpClient({ network: openNetwork, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    await assert.rejects(client.request({ path: '/x' }), isHttpError((e) => e.reason === 'unavailable' && e.detail === 'network' && /refused/.test(e.message)));
  });

  it('ends a call to a server that never answers within the timeout', async () => {
    const http = await start(() => undefined, { timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(http.request({ path: '/hang' }), isHttpError((e) => e.reason === 'unavailable' && e.detail === 'timeout'));
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });

  it('says cancelled when the caller aborts', async () => {
    const http = await start(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(http.request({ path: '/hang', signal: controller.signal }), isHttpError((e) => e.reason === 'cancelled'));
  });

  it('refuses a body that is not JSON or does not fit the schema', async () => {
    const http = await start((req, res) => {
      if (req.url.endsWith('/html')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      else sendJson(res, 200, { items: [{ title: 3 }] });
    });
    await assert.rejects(http.request({ path: '/html' }), isHttpError((e) => e.reason === 'invalid-data' && e.detail === 'bad-body'));
    const schema = z.object({ items: z.array(z.object({ title: z.string() })) });
    await assert.rejects(http.json({ path: '/shape' }, schema), isHttpError((e) => e.reason === 'invalid-data' && /items\.0\.title/.test(e.message)));
  });

  describe('with a custom CA file', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'http-ca-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('trusts a self-signed server only with its CA file', async () => {
      server = await LocalServer.start((_req, res) => sendJson(res, 200, { ok: true }), { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') });
      const untrusted = new HttpClient({ network: openNetwork, baseUrl: server.url, timeoutMs: 2000 });
      await assert.rejects(untrusted.request({ path: '/' }), isHttpError((e) => e.reason === 'unavailable' && /not trusted/.test(e.message)));
      untrusted.close();
      client = new HttpClient({ network: openNetwork, baseUrl: server.url, timeoutMs: 2000, caFile: join(dir, 'cert.pem') });
      assert.deepEqual((await client.request({ path: '/' })).body, { ok: true });
    });
  });
});

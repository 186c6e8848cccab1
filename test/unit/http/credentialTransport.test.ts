import * as assert from 'node:assert/strict';
import { fetchLog } from '../../../src/backends/ci/logFetch';
import { GitlabCiProvider } from '../../../src/backends/ci/gitlab/gitlabCiProvider';
import { HttpClient } from '../../../src/backends/http/httpClient';
import { HttpError } from '../../../src/backends/http/httpErrors';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { DevopsError } from '../../../src/core/errors';
import { ForwardProxy } from './forwardProxy';
import { LocalServer, sendJson } from './localServer';
import { RecordingGate } from './recordingGate';

// Plain http carries no credential except to this machine. The "other host" is a plain
// http server name reached through a real intercepting proxy on 127.0.0.1, which
// records every header it is sent: it must see no request at all.

const token = 'glpat-NEVER-OVER-HTTP-0123';
const signal = (): AbortSignal => new AbortController().signal;

describe('credentials over plain http', () => {
  let proxy: ForwardProxy;
  let server: LocalServer;

  beforeEach(async () => {
    proxy = await ForwardProxy.start();
    server = await LocalServer.start((_req, res) => sendJson(res, 200, []));
  });
  afterEach(async () => {
    await proxy.close();
    await server.close();
  });

  it('the JSON client refuses, naming the origin, before any header leaves', async () => {
    let asked = 0;
    const gate = new RecordingGate(false);
    const client = new HttpClient({
      baseUrl: 'http://GitLab.Corp.example:8080/api/v4',
      network: gate,
      proxy: proxy.url(),
      noProxy: [],
      auth: () => {
        asked++;
        return Promise.resolve({ 'private-token': token });
      },
    });
    await assert.rejects(
      client.request({ path: '/projects/1/pipelines' }),
      (e: unknown) => HttpError.isHttp(e) && DevopsError.is(e, 'insecure') && e.detail === 'refused' && e.message.includes('http://gitlab.corp.example:8080') && !e.message.includes(token),
    );
    client.close();
    assert.deepEqual(proxy.seen, [], 'the intercepting proxy saw no request');
    assert.equal(asked, 0, 'the credential was not even looked up');
    assert.deepEqual(gate.opened, [], 'no connection was opened');
  });

  it('a provider on an http base URL fails the same way, and so does its log read', async () => {
    const provider = new GitlabCiProvider({ network: openNetwork, baseUrl: 'http://gitlab.corp.example', project: 'g/p', token: () => Promise.resolve(token), proxy: proxy.url(), noProxy: [] });
    await assert.rejects(provider.listRuns({}, signal()), (e: unknown) => DevopsError.is(e, 'insecure'));
    provider.dispose();
    await assert.rejects(
      fetchLog({ url: new URL('http://jenkins.corp.example/job/app/1/logText/progressiveText'), headers: {}, credentials: { authorization: `Basic ${token}` }, network: openNetwork, signal: signal(), timeoutMs: 1000, maxBytes: 1024, keep: 'head' }),
      (e: unknown) => DevopsError.is(e, 'insecure') && (e as Error).message.includes('http://jenkins.corp.example'),
    );
    assert.deepEqual(proxy.seen, []);
  });

  it('loopback over http still carries them', async () => {
    const client = new HttpClient({ baseUrl: server.url, network: openNetwork, auth: () => Promise.resolve({ 'private-token': token }) });
    await client.request({ path: '/projects' });
    client.close();
    assert.equal(server.requests[0].headers['private-token'], token);
  });

  it('a redirect to another origin (another port of the same host) is not followed, so the token stays', async () => {
    const redirecting = await LocalServer.start((_req, res) => res.writeHead(307, { location: `${server.url}/stolen` }).end());
    const client = new HttpClient({ baseUrl: redirecting.url, network: openNetwork, auth: () => Promise.resolve({ 'private-token': token }) });
    await assert.rejects(client.request({ path: '/projects' }), (e: unknown) => HttpError.isHttp(e) && e.detail === 'redirect-refused');
    client.close();
    await redirecting.close();
    assert.equal(redirecting.requests[0].headers['private-token'], token, 'its own origin got it');
    assert.deepEqual(server.requests, [], 'the other origin got nothing');
  });

  it('a log read without credentials may still go over http (an anonymous console)', async () => {
    const response = await fetchLog({ url: new URL(`${server.url}/console`), headers: {}, network: openNetwork, signal: signal(), timeoutMs: 1000, maxBytes: 1024, keep: 'head' });
    assert.equal(response.status, 200);
  });
});

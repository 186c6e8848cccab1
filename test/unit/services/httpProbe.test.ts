import * as assert from 'node:assert/strict';
import { createHttpProbe, type HttpProbeOptions } from '../../../src/backends/probes/httpProbe';
import type { ProbeResult } from '../../../src/core/services/healthTypes';
import { notFoundLookup, startHttpServer, type TestHttpServer } from './localServers';
import { openNetwork } from '../../../src/backends/http/openNetwork';

describe('HTTP probe against a real server on 127.0.0.1', () => {
  let server: TestHttpServer;

  before(async () => {
    server = await startHttpServer();
  });

  after(() => server.close());

  function check(path: string, options: Partial<HttpProbeOptions> = {}, signal = new AbortController().signal): Promise<ProbeResult> {
    return createHttpProbe({ network: openNetwork, url: server.base + path, timeoutMs: 1_000, ...options }).check(signal);
  }

  it('a fast 200 is up, with its latency', async () => {
    const result = await check('/fast');
    assert.equal(result.state, 'up');
    assert.equal(result.reason, 'ok');
    assert.equal(typeof result.latencyMs, 'number');
    assert.match(result.detail, /HTTP 200/);
  });

  it('a slow 200 is degraded above the threshold, up without one', async () => {
    const slow = await check('/slow?ms=250', { degradedMs: 100 });
    assert.equal(slow.state, 'degraded');
    assert.equal(slow.reason, 'slow');
    assert.ok(slow.latencyMs! >= 200, `latency ${slow.latencyMs}`);
    assert.equal((await check('/slow?ms=50')).state, 'up');
  });

  it('a 500 is down, unless 500 is what is expected', async () => {
    const result = await check('/500');
    assert.equal(result.state, 'down');
    assert.equal(result.reason, 'unexpected-status');
    assert.match(result.detail, /HTTP 500 \(expected 200\)/);
    assert.equal((await check('/500', { expectStatus: 500 })).state, 'up');
  });

  it('a server that never answers is down at the timeout', async () => {
    const started = Date.now();
    const result = await check('/never', { timeoutMs: 300 });
    assert.equal(result.state, 'down');
    assert.equal(result.reason, 'timeout');
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 2_000, `took ${took} ms`);
  });

  it('a reset connection is down with reason reset', async () => {
    const result = await check('/reset');
    assert.equal(result.state, 'down');
    assert.equal(result.reason, 'reset');
  });

  it('a refused connection is down with reason refused', async () => {
    const result = await createHttpProbe({ network: openNetwork, url: 'http://127.0.0.1:1/', timeoutMs: 1_000 }).check(new AbortController().signal);
    assert.equal(result.reason, 'refused');
    assert.equal(result.state, 'down');
  });

  it('matches the body when asked', async () => {
    assert.equal((await check('/body', { bodyMatch: '"status":"healthy"' })).state, 'up');
    const mismatch = await check('/body', { bodyMatch: '"db":"down"' });
    assert.equal(mismatch.state, 'down');
    assert.equal(mismatch.reason, 'body-mismatch');
  });

  it('follows a redirect on the same host, not to another host', async () => {
    const before = server.hits.get('/fast') ?? 0;
    assert.equal((await check('/redirect-same')).state, 'up');
    assert.equal(server.hits.get('/fast'), before + 1);
    const other = await check('/redirect-other');
    assert.equal(other.state, 'down');
    assert.equal(other.reason, 'redirect-other-host');
    assert.match(other.detail, /elsewhere\.invalid/);
  });

  it('a probe URL that is not a URL, and a bad regex, give unknown results instead of throwing', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/x', '']) {
      const probe = createHttpProbe({ network: openNetwork, url, timeoutMs: 100 });
      const result = await probe.check(new AbortController().signal);
      assert.equal(result.state, 'unknown');
      assert.equal(result.reason, 'invalid-target');
    }
    const badRegex = await check('/fast', { bodyMatch: '(' });
    assert.equal(badRegex.reason, 'invalid-target');
  });

  it('a host that does not resolve is down with reason dns', async () => {
    const result = await createHttpProbe({ network: openNetwork, url: 'http://no-such-host.invalid:8080/healthz', timeoutMs: 1_000, lookup: notFoundLookup }).check(
      new AbortController().signal,
    );
    assert.equal(result.state, 'down');
    assert.equal(result.reason, 'dns');
    assert.match(result.detail, /no-such-host\.invalid:8080 does not resolve/);
  });

  it('the caller aborting gives a cancelled result, not a timeout', async () => {
    const controller = new AbortController();
    const pending = check('/never', { timeoutMs: 5_000 }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    assert.equal(result.reason, 'cancelled');
    assert.equal(result.state, 'unknown');
  });
});

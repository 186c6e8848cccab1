import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpProbe } from '../../../src/backends/probes/httpProbe';
import { bundleCli } from '../cli/cliBundle';
import { openNetwork } from '../../../src/backends/http/openNetwork';

// A bodyMatch from devops.yaml is a regular expression the repository chose. A
// catastrophically backtracking one must not stall the extension host: the check ends
// within the probe's timeout and the event loop keeps ticking meanwhile.

describe('bodyMatch that backtracks catastrophically', function () {
  this.timeout(60_000);
  let server: Server;
  let url: string;
  before(async () => {
    // 25 "a" then "!": (a+)+$ tries about 2^25 ways before failing (seconds in V8).
    server = createServer((_req, res) => res.end(`${'a'.repeat(25)}!`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ends as down within the probe timeout while the event loop stays responsive', async () => {
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    try {
      const started = performance.now();
      const result = await createHttpProbe({ network: openNetwork, url, bodyMatch: '(a+)+$', timeoutMs: 800 }).check(new AbortController().signal);
      const took = performance.now() - started;
      assert.equal(result.state, 'down', result.detail);
      assert.equal(result.reason, 'timeout', result.detail);
      assert.match(result.detail, /bodyMatch \/\(a\+\)\+\$\/ did not finish within 800 ms/);
      assert.ok(took < 5000, `the check took ${Math.round(took)} ms`);
      assert.ok(longestGap < 1000, `the event loop stalled for ${Math.round(longestGap)} ms`);
    } finally {
      clearInterval(ticker);
    }
  });

  it('a pattern that is fine still matches and still tells a mismatch, one check after another', async () => {
    assert.equal((await createHttpProbe({ network: openNetwork, url, bodyMatch: '^a+!$', timeoutMs: 2000 }).check(new AbortController().signal)).state, 'up');
    const mismatch = await createHttpProbe({ network: openNetwork, url, bodyMatch: 'healthy', timeoutMs: 2000 }).check(new AbortController().signal);
    assert.deepEqual([mismatch.state, mismatch.reason], ['down', 'body-mismatch']);
  });

  it('check reports a bodyMatch that is not a regular expression at its line:col', async () => {
    const bundle = await bundleCli();
    const work = await mkdtemp(join(tmpdir(), 'devops-pattern-'));
    try {
      await writeFile(join(work, 'devops.yaml'), `version: 1\nservices:\n  api:\n    health:\n      http: ${url}\n      bodyMatch: "(ok"\n`);
      const result = await bundle.run(work, 'check');
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, 'devops.yaml:6:18: error: bodyMatch is not a regular expression: /(ok/: Unterminated group\n');
    } finally {
      await rm(work, { recursive: true, force: true });
      await bundle.dispose();
    }
  });
});

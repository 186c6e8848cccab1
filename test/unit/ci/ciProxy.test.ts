import * as assert from 'node:assert/strict';
import { GithubActionsProvider } from '../../../src/backends/ci/github/githubActionsProvider';
import { ciConnection, ciEntrySchema } from '../../../src/core/config/ciConfig';
import type { ProxyFallback } from '../../../src/core/config/ciConfig';
import { ForwardProxy } from '../http/forwardProxy';
import { fixture, ReplayServer } from './replayServer';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const token = 'ghp_TESTSECRET1234567890';
const runsPath = '/repos/octo-org/octo-repo/actions/runs';
const signal = new AbortController().signal;

describe('CI providers behind a proxy (devops.yaml entry → provider → proxy on 127.0.0.1)', () => {
  let server: ReplayServer;
  let proxy: ForwardProxy;
  let provider: GithubActionsProvider | undefined;

  beforeEach(async () => {
    server = await ReplayServer.start();
    server.on('GET', runsPath, { json: fixture('github/workflow-runs.json') });
    proxy = await ForwardProxy.start();
  });
  afterEach(async () => {
    provider?.dispose();
    provider = undefined;
    await server.close();
    await proxy.close();
  });

  // The test servers are on loopback, which is never proxied by default: the fallback's empty list lifts that.
  // `allowed` stands for the user's consents (the editor asks them; see networkConsent.test.ts in the demo group).
  const providerFor = (entry: unknown, fallback: ProxyFallback, allowed: string[] = []): GithubActionsProvider => {
    const config = ciEntrySchema.parse(entry);
    const { connection } = ciConnection(config, { fallback, allows: (_kind, value) => allowed.includes(value), resolveCaFile: (file) => file });
    provider = new GithubActionsProvider({ network: openNetwork, ...connection, owner: 'octo-org', repo: 'octo-repo', token: () => Promise.resolve(token), timeoutMs: 3000 });
    return provider;
  };

  it('sends a GitHub entry\'s requests through the proxy the entry names once the user allowed it', async () => {
    const github = providerFor({ provider: 'github', repository: 'octo-org/octo-repo', baseUrl: server.base, proxy: proxy.url() }, { noProxy: [] }, [proxy.url()]);
    const listed = await github.listRuns({ branch: 'main' }, signal);
    assert.equal(listed.items.length, 4);
    assert.deepEqual(proxy.seen.map((r) => new URL(r.target).pathname), [runsPath]);
    assert.equal(proxy.forwarded, 1);
    assert.equal(server.requests[0].headers.authorization, `Bearer ${token}`);
  });

  it('uses the editor\'s proxy, with its credentials, when the entry names none', async () => {
    const github = providerFor({ provider: 'github', repository: 'octo-org/octo-repo', baseUrl: server.base }, { proxy: proxy.url('me:s3cret-pass'), noProxy: [] });
    await github.listRuns({}, signal);
    assert.deepEqual(proxy.seen.map((r) => r.authorization), [`Basic ${Buffer.from('me:s3cret-pass').toString('base64')}`]);
  });

  it('ignores the entry\'s proxy without the user\'s consent: the token never reaches it', async () => {
    const github = providerFor({ provider: 'github', repository: 'octo-org/octo-repo', baseUrl: server.base, proxy: proxy.url() }, { noProxy: [] });
    await github.listRuns({}, signal);
    assert.equal(proxy.seen.length, 0);
    assert.equal(server.requests[0].headers.authorization, `Bearer ${token}`);
  });

  it('goes direct when neither names a proxy', async () => {
    const github = providerFor({ provider: 'github', repository: 'octo-org/octo-repo', baseUrl: server.base }, { noProxy: [] });
    await github.listRuns({}, signal);
    assert.equal(proxy.seen.length, 0);
    assert.equal(server.count(runsPath), 1);
  });

  it('keeps proxy credentials out of devops.yaml', () => {
    const parsed = ciEntrySchema.safeParse({ provider: 'github', repository: 'octo-org/octo-repo', proxy: 'http://me:pass@proxy.corp:3128' });
    assert.equal(parsed.success, false);
    assert.equal(ciEntrySchema.safeParse({ provider: 'github', repository: 'octo-org/octo-repo', proxy: 'http://proxy.corp:3128' }).success, true);
  });
});

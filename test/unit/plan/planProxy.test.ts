import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { createPlanProvider } from '../../../src/backends/plan/createPlanProvider';
import type { PlanConfig } from '../../../src/core/config/schema';
import type { PlanProvider } from '../../../src/core/plan/planProvider';
import { ForwardProxy } from '../http/forwardProxy';
import { LocalServer } from '../http/localServer';
import { replay } from './fixtureReplay';
import type { Route } from './fixtureReplay';

// The plan providers take the editor's proxy like the CI providers do: each one is built
// through createPlanProvider (as PlanSession builds it) against an HTTPS replay of its
// fixtures, with a real forward proxy on 127.0.0.1 in between.

const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const signal = new AbortController().signal;
const proxyUser = 'corp-user:s3cret-pass';
const base = { file: 'sprint.yaml', statuses, branchTemplate: 'feature/{id}-{slug}' };
const gitlabProject = '/projects/shop-group%2Fshop';

interface Case {
  name: string;
  /** The plan section, given the replay server's URL. */
  config: (serverUrl: string) => PlanConfig;
  routes: Route[];
  /** Path prefix the replay strips (GitLab's /api/v4). */
  basePath?: string;
  sprint: string;
}

const cases: Case[] = [
  {
    name: 'github',
    config: (url) => ({ ...base, provider: 'github', repository: 'octo-org/shop', baseUrl: url, milestone: 'Sprint 14' }),
    routes: [
      { method: 'GET', path: '/repos/octo-org/shop/milestones', answer: 'github/milestones.json' },
      { method: 'GET', path: '/repos/octo-org/shop/issues', query: { milestone: '14', page: '2' }, answer: 'github/issues-page2.json' },
      { method: 'GET', path: '/repos/octo-org/shop/issues', query: { milestone: '14' }, answer: 'github/issues-page1.json' },
    ],
    sprint: 'Sprint 14',
  },
  {
    name: 'gitlab',
    config: (url) => ({ ...base, provider: 'gitlab', repository: 'shop-group/shop', baseUrl: url }),
    routes: [
      { method: 'GET', path: `${gitlabProject}/iterations`, query: { state: 'current' }, answer: 'gitlab/iterations.json' },
      { method: 'GET', path: `${gitlabProject}/issues`, query: { iteration_id: '53', page: '2' }, answer: 'gitlab/issues-page2.json' },
      { method: 'GET', path: `${gitlabProject}/issues`, query: { iteration_id: '53' }, answer: 'gitlab/issues-page1.json' },
    ],
    basePath: '/api/v4',
    sprint: 'Iteration II',
  },
  {
    name: 'jira',
    config: (url) => ({ ...base, provider: 'jira', baseUrl: url, board: 5 }),
    routes: [
      { method: 'GET', path: '/rest/agile/1.0/board/5/sprint', query: { state: 'active' }, answer: 'jira/board-sprints-active.json' },
      { method: 'GET', path: '/rest/agile/1.0/sprint/37/issue', query: { startAt: '0' }, answer: 'jira/sprint-issues-page1.json' },
      { method: 'GET', path: '/rest/agile/1.0/sprint/37/issue', query: { startAt: '2' }, answer: 'jira/sprint-issues-page2.json' },
    ],
    sprint: 'SHOP Sprint 14',
  },
];

describe('plan providers through the editor proxy (real forward proxy on 127.0.0.1)', () => {
  let dir: string;
  let tls: { key: string; cert: string };
  let server: LocalServer | undefined;
  let proxy: ForwardProxy | undefined;
  let provider: PlanProvider | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-proxy-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    provider?.dispose?.();
    await server?.close();
    await proxy?.close();
    provider = undefined;
    server = undefined;
    proxy = undefined;
  });

  const build = async (c: Case, noProxy: readonly string[]): Promise<{ server: LocalServer; proxy: ForwardProxy; provider: PlanProvider }> => {
    const started = await LocalServer.start(replay(c.routes, () => started.url, c.basePath), tls);
    server = started;
    proxy = await ForwardProxy.start({ requireAuthorization: `Basic ${Buffer.from(proxyUser).toString('base64')}` });
    provider = createPlanProvider(c.config(started.url), {
      configDir: dir,
      network: openNetwork,
      githubToken: () => Promise.resolve('gho_testToken0123456789'),
      gitlabToken: () => Promise.resolve('glpat-testToken0123456789'),
      jiraCredentials: () => Promise.resolve({ email: 'ada@example.com', token: 'ATATT3xFfGF0testToken0123' }),
      caFile: join(dir, 'cert.pem'),
      timeoutMs: 3000,
      proxy: proxy.url(proxyUser),
      noProxy,
    });
    return { server: started, proxy, provider };
  };

  for (const c of cases) {
    it(`${c.name}: loads the sprint through a CONNECT tunnel, with the proxy's credentials`, async () => {
      const built = await build(c, []);
      const snapshot = await built.provider.load(signal);
      assert.equal(snapshot.sprint?.name, c.sprint);
      assert.ok(snapshot.items.length > 0, 'the replayed issues arrive');
      const target = new URL(built.server.url).host;
      assert.ok(built.proxy.tunnels >= 1, 'at least one tunnel was opened');
      assert.deepEqual(
        built.proxy.seen.map((r) => [r.method, r.target, r.authorization]),
        built.proxy.seen.map(() => ['CONNECT', target, `Basic ${Buffer.from(proxyUser).toString('base64')}`]),
      );
      assert.ok(built.server.requests.length >= 2, 'every page reached the replay server');
    });

    it(`${c.name}: goes direct to a host on the editor's no-proxy list`, async () => {
      const built = await build(c, ['127.0.0.1']);
      const snapshot = await built.provider.load(signal);
      assert.equal(snapshot.sprint?.name, c.sprint);
      assert.equal(built.proxy.seen.length, 0);
      assert.ok(built.server.requests.length >= 2);
    });
  }
});

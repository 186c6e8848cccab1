import * as assert from 'node:assert/strict';
import { GithubPlanProvider } from '../../../src/backends/plan/github/githubPlanProvider';
import { DevopsError } from '../../../src/core/errors';
import { LocalServer } from '../http/localServer';
import { replay } from './fixtureReplay';
import type { Route } from './fixtureReplay';
import { describeFailures } from './remoteFailures';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const token = 'gho_testToken0123456789';
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const now = () => Date.parse('2026-11-30T12:00:00Z');
const signal = new AbortController().signal;

const routes: Route[] = [
  { method: 'GET', path: '/repos/octo-org/shop/milestones', answer: 'github/milestones.json' },
  { method: 'GET', path: '/repos/octo-org/shop/issues', query: { milestone: '14', page: '2' }, answer: 'github/issues-page2.json' },
  { method: 'GET', path: '/repos/octo-org/shop/issues', query: { milestone: '14' }, answer: 'github/issues-page1.json' },
  { method: 'GET', path: '/repos/octo-org/shop/issues', query: { milestone: '15' }, answer: () => ({ status: 200, body: [] }) },
  { method: 'GET', path: '/user', answer: 'github/user.json' },
  { method: 'PATCH', path: /^\/repos\/octo-org\/shop\/issues\/\d+$/, answer: 'github/issue-updated.json' },
  { method: 'POST', path: '/repos/octo-org/shop/issues', answer: 'github/issue-updated.json' },
];

function make(baseUrl: string, timeoutMs = 2000, milestone?: string): GithubPlanProvider {
  return new GithubPlanProvider({ network: openNetwork, repository: 'octo-org/shop', baseUrl, token: () => Promise.resolve(token), statuses, milestone, timeoutMs, now });
}

describe('GithubPlanProvider', () => {
  let server: LocalServer;
  let provider: GithubPlanProvider;
  beforeEach(async () => {
    server = await LocalServer.start(replay(routes, () => server.url));
    provider = make(server.url);
  });
  afterEach(async () => {
    provider.dispose();
    await server.close();
  });

  it('loads the nearest milestone and its issues over two pages, without pull requests', async () => {
    const snapshot = await provider.load(signal);
    assert.deepEqual(snapshot.sprint, { name: 'Sprint 14', end: '2026-12-04', goal: 'Orders you can trust', url: 'https://github.com/octo-org/shop/milestone/14' });
    assert.deepEqual(
      snapshot.items.map((i) => [i.id, i.status, i.assignee, i.points, i.labels]),
      [
        ['#1347', 'in-progress', 'ada', 5, ['api']],
        ['#1349', 'todo', undefined, undefined, []],
        ['#1340', 'done', 'grace', 3, ['backend']],
      ],
    );
    const issueCalls = server.requests.filter((r) => r.url.includes('/issues'));
    assert.equal(issueCalls.length, 2);
    assert.equal(server.requests[0].headers.authorization, `Bearer ${token}`);
    assert.equal(server.requests[0].headers['x-github-api-version'], '2022-11-28');
  });

  it('polls with If-None-Match and reports an unchanged sprint when every page is 304', async () => {
    await server.close();
    const plain = replay(routes, () => server.url);
    server = await LocalServer.start((req, res) => {
      const etag = `"${req.url}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      const writeHead = res.writeHead.bind(res) as (status: number, headers: Record<string, string | number>) => typeof res;
      res.writeHead = ((status: number, headers: Record<string, string | number>) => writeHead(status, { ...headers, etag })) as typeof res.writeHead;
      plain(req, res);
    });
    provider.dispose();
    provider = make(server.url);
    const first = await provider.load(signal);
    const second = await provider.load(signal);
    assert.equal(first.unchanged, false);
    assert.equal(second.unchanged, true);
    assert.deepEqual(second.items, first.items);
    assert.equal(server.requests.filter((r) => r.headers['if-none-match'] !== undefined).length, 3);
  });

  it('moves an issue by swapping status labels, closing for done, and assigns', async () => {
    const { items } = await provider.load(signal);
    await provider.setStatus(items[0], 'review', signal);
    let patch = JSON.parse(server.requests.at(-1)!.body) as { labels: string[]; state: string };
    assert.equal(server.requests.at(-1)!.url, '/repos/octo-org/shop/issues/1347');
    assert.deepEqual(patch, { labels: ['api', 'points: 5', 'review'], state: 'open' });
    await provider.setStatus(items[2], 'done', signal);
    patch = JSON.parse(server.requests.at(-1)!.body) as { labels: string[]; state: string };
    assert.deepEqual(patch, { labels: ['backend', '3 points'], state: 'closed' });
    await provider.assign(items[1], 'ada', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { assignees: ['ada'] });
    assert.equal(await provider.currentUser(signal), 'ada');
  });

  it('creates an issue in the milestone', async () => {
    await provider.load(signal);
    const created = await provider.addItem({ title: 'New', status: 'in-progress', points: 2 }, signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { title: 'New', labels: ['in-progress', 'points: 2'], milestone: 14 });
    assert.equal(created.id, '#1349');
  });

  it('uses a named milestone and says when it does not exist', async () => {
    const named = make(server.url, 2000, 'sprint 15');
    assert.equal((await named.load(signal)).sprint?.name, 'Sprint 15');
    const missing = make(server.url, 2000, 'Sprint 99');
    await assert.rejects(missing.load(signal), (e: unknown) => DevopsError.is(e, 'not-found'));
    named.dispose();
    missing.dispose();
  });

  describeFailures({ make: (base, timeoutMs) => make(base, timeoutMs), good: (base) => replay(routes, base), secret: token });
});

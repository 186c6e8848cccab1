import * as assert from 'node:assert/strict';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { JiraPlanProvider } from '../../../src/backends/plan/jira/jiraPlanProvider';
import { DevopsError } from '../../../src/core/errors';
import { LocalServer } from '../http/localServer';
import { replay } from './fixtureReplay';
import type { Route } from './fixtureReplay';
import { describeFailures } from './remoteFailures';

const token = 'ATATT3xFfGF0testToken0123';
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const signal = new AbortController().signal;

const credentials = (): Promise<{ email: string; token: string }> => Promise.resolve({ email: 'ada@example.com', token });

const noContent = () => ({ status: 204, body: undefined });
const routes: Route[] = [
  { method: 'GET', path: '/rest/agile/1.0/board/5/sprint', query: { state: 'active' }, answer: 'jira/board-sprints-active.json' },
  { method: 'GET', path: '/rest/agile/1.0/sprint/37/issue', query: { startAt: '0' }, answer: 'jira/sprint-issues-page1.json' },
  { method: 'GET', path: '/rest/agile/1.0/sprint/37/issue', query: { startAt: '2' }, answer: 'jira/sprint-issues-page2.json' },
  { method: 'GET', path: '/rest/api/3/myself', answer: 'jira/myself.json' },
  { method: 'GET', path: /^\/rest\/api\/3\/issue\/SHOP-\d+\/transitions$/, answer: 'jira/transitions.json' },
  { method: 'POST', path: /^\/rest\/api\/3\/issue\/SHOP-\d+\/transitions$/, answer: noContent },
  { method: 'PUT', path: /^\/rest\/api\/3\/issue\/SHOP-\d+(\/assignee)?$/, answer: noContent },
  { method: 'POST', path: '/rest/api/3/issue', answer: 'jira/issue-created.json' },
  { method: 'POST', path: '/rest/agile/1.0/sprint/37/issue', answer: noContent },
];

function make(baseUrl: string, timeoutMs = 2000, projectKey?: string): JiraPlanProvider {
  return new JiraPlanProvider({ network: openNetwork, baseUrl, board: 5, statuses, credentials, timeoutMs, projectKey, statusMap: { 'In Review': 'review' } });
}

describe('JiraPlanProvider', () => {
  let server: LocalServer;
  let provider: JiraPlanProvider;
  beforeEach(async () => {
    server = await LocalServer.start(replay(routes, () => server.url));
    provider = make(server.url, 2000, 'SHOP');
  });
  afterEach(async () => {
    provider.dispose();
    await server.close();
  });

  it('loads the active sprint and its issues over startAt pages with basic auth', async () => {
    const snapshot = await provider.load(signal);
    assert.deepEqual(snapshot.sprint, { name: 'SHOP Sprint 14', start: '2026-11-23', end: '2026-12-04', goal: 'Orders you can trust' });
    assert.deepEqual(
      snapshot.items.map((i) => [i.id, i.status, i.assignee, i.points, i.url]),
      [
        ['SHOP-1', 'done', 'Mia Krystof', 3, `${server.url}/browse/SHOP-1`],
        ['SHOP-2', 'in-progress', undefined, undefined, `${server.url}/browse/SHOP-2`],
        ['SHOP-3', 'review', 'Ada Lovelace', 2, `${server.url}/browse/SHOP-3`],
      ],
    );
    assert.equal(server.requests[0].headers.authorization, `Basic ${Buffer.from(`ada@example.com:${token}`).toString('base64')}`);
    assert.equal(server.requests.filter((r) => r.url.includes('/sprint/37/issue')).length, 2);
  });

  it('moves an issue through the transition leading to the status, and refuses when none does', async () => {
    const { items } = await provider.load(signal);
    await provider.setStatus(items[1], 'review', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { transition: { id: '31' } });
    assert.equal(server.requests.at(-1)!.url, '/rest/api/3/issue/SHOP-2/transitions');
    await assert.rejects(provider.setStatus(items[1], 'blocked', signal), (e: unknown) => DevopsError.is(e, 'conflict') && /offered: To Do, In Review, Done/.test((e as Error).message));
  });

  it('assigns to me by account id, unassigns, sets story points and adds to the sprint', async () => {
    const { items } = await provider.load(signal);
    assert.equal(await provider.currentUser(signal), 'Ada Lovelace');
    await provider.assign(items[1], 'Ada Lovelace', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { accountId: '5b10ac8d82e05b22cc7d4ef5' });
    await provider.assign(items[1], undefined, signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { accountId: null });
    await provider.setPoints(items[1], 5, signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { fields: { customfield_10016: 5 } });
    const created = await provider.addItem({ title: 'New thing' }, signal);
    assert.equal(created.id, 'SHOP-24');
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { issues: ['SHOP-24'] });
  });

  describeFailures({ make: (base, timeoutMs) => make(base, timeoutMs), good: (base) => replay(routes, base), secret: token });
});

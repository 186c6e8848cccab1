import * as assert from 'node:assert/strict';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { GitlabPlanProvider } from '../../../src/backends/plan/gitlab/gitlabPlanProvider';
import { DevopsError } from '../../../src/core/errors';
import { LocalServer } from '../http/localServer';
import { replay } from './fixtureReplay';
import type { Route } from './fixtureReplay';
import { describeFailures } from './remoteFailures';

const token = 'glpat-testToken0123456789';
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const now = () => Date.parse('2026-11-30T12:00:00Z');
const signal = new AbortController().signal;
const project = '/projects/shop-group%2Fshop';

function routes(iterations: boolean): Route[] {
  return [
    iterations
      ? { method: 'GET', path: `${project}/iterations`, query: { state: 'current' }, answer: 'gitlab/iterations.json' }
      : { method: 'GET', path: `${project}/iterations`, answer: () => ({ status: 404, body: { message: '404 Not Found' } }) },
    { method: 'GET', path: `${project}/milestones`, answer: 'gitlab/milestones.json' },
    { method: 'GET', path: `${project}/issues`, query: { iteration_id: '53', page: '2' }, answer: 'gitlab/issues-page2.json' },
    { method: 'GET', path: `${project}/issues`, query: { iteration_id: '53' }, answer: 'gitlab/issues-page1.json' },
    { method: 'GET', path: `${project}/issues`, query: { milestone: '9.9' }, answer: 'gitlab/issues-page2.json' },
    { method: 'GET', path: '/user', answer: 'gitlab/user.json' },
    { method: 'GET', path: '/users', query: { username: 'kovacek' }, answer: 'gitlab/users-search.json' },
    { method: 'PUT', path: new RegExp(`^${project}/issues/\\d+$`), answer: 'gitlab/issue-updated.json' },
    { method: 'POST', path: `${project}/issues`, answer: 'gitlab/issue-updated.json' },
  ];
}

function make(baseUrl: string, timeoutMs = 2000, stored = token): GitlabPlanProvider {
  return new GitlabPlanProvider({ network: openNetwork, project: 'shop-group/shop', baseUrl, token: () => Promise.resolve(stored), statuses, timeoutMs, now });
}

describe('GitlabPlanProvider', () => {
  let server: LocalServer;
  let provider: GitlabPlanProvider;
  const start = async (iterations: boolean): Promise<void> => {
    server = await LocalServer.start(replay(routes(iterations), () => server.url, '/api/v4'));
    provider = make(server.url);
  };
  afterEach(async () => {
    provider.dispose();
    await server.close();
  });

  it('loads the current iteration’s issues over two pages with the token from the secret store', async () => {
    await start(true);
    const snapshot = await provider.load(signal);
    assert.deepEqual(snapshot.sprint, { name: 'Iteration II', start: '2026-11-23', end: '2026-12-04', goal: 'Ipsum Lorem ipsum', url: 'https://gitlab.example.com/groups/shop-group/-/iterations/13' });
    assert.deepEqual(
      snapshot.items.map((i) => [i.id, i.status, i.assignee, i.points, i.labels]),
      [
        ['#6', 'in-progress', 'root', 3, ['backend']],
        ['#7', 'done', undefined, undefined, ['frontend']],
        ['#8', 'review', undefined, 1, []],
      ],
    );
    assert.equal(server.requests[0].headers['private-token'], token);
    assert.equal(server.requests[0].url, `/api/v4${project}/iterations?state=current`);
  });

  it('falls back to the active milestone due soonest when the project has no iterations', async () => {
    await start(false);
    provider.dispose();
    // plan.baseUrl may be given as the API URL too.
    provider = make(`${server.url}/api/v4/`);
    const snapshot = await provider.load(signal);
    assert.equal(snapshot.sprint?.name, '9.9');
    assert.equal(snapshot.items.length, 2);
  });

  it('changes status with labels and state_event, weight for points, and assigns by user id', async () => {
    await start(true);
    const { items } = await provider.load(signal);
    await provider.setStatus(items[0], 'done', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { labels: 'backend', state_event: 'close' });
    await provider.setStatus(items[1], 'blocked', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { labels: 'frontend,blocked', state_event: 'reopen' });
    await provider.setPoints(items[2], 8, signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { weight: 8 });
    assert.equal(await provider.currentUser(signal), 'root');
    await provider.assign(items[2], 'root', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { assignee_ids: [1] });
    await provider.assign(items[2], 'kovacek', signal);
    assert.deepEqual(JSON.parse(server.requests.at(-1)!.body), { assignee_ids: [18] });
    assert.equal(server.requests.at(-1)!.url, `/api/v4${project}/issues/8`);
  });

  it('says unauthorized without calling the server when no token is stored', async () => {
    await start(true);
    const empty = make(server.url, 2000, '');
    await assert.rejects(empty.load(signal), (e: unknown) => DevopsError.is(e, 'unauthorized'));
    assert.equal(server.requests.length, 0);
    empty.dispose();
  });

  describeFailures({ make: (base, timeoutMs) => make(base, timeoutMs), good: (base) => replay(routes(true), base, '/api/v4'), secret: token });
});

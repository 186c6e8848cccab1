import * as assert from 'node:assert/strict';
import { DevopsError } from '../../../src/core/errors';
import { PlanModel } from '../../../src/core/plan/planModel';
import type { PlanProvider } from '../../../src/core/plan/planProvider';
import { HttpError } from '../../../src/backends/http/httpErrors';
import { closedPort, LocalServer, sendJson } from '../http/localServer';
import type { Handler } from '../http/localServer';

// The failure cases every remote provider must survive: each ends in a typed error
// within the configured timeout, and the model keeps the last good items, stale.

export interface FailureSuite {
  /** Builds the provider against a server base URL. */
  make(baseUrl: string, timeoutMs: number): PlanProvider;
  /** Answers with good fixtures. */
  good(base: () => string): Handler;
  /** A secret the provider sends that must never appear in an error message. */
  secret: string;
}

const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];

export function describeFailures(suite: FailureSuite): void {
  describe('failures', () => {
    let server: LocalServer | undefined;
    let model: PlanModel | undefined;
    afterEach(async () => {
      model?.dispose();
      await server?.close();
      server = undefined;
      model = undefined;
    });

    const cases: [string, (res: Parameters<Handler>[1]) => void, (e: HttpError) => boolean][] = [
      ['401', (res) => sendJson(res, 401, { message: 'Bad credentials' }), (e) => e.reason === 'unauthorized'],
      ['403', (res) => sendJson(res, 403, { message: 'Forbidden' }), (e) => e.reason === 'forbidden'],
      ['404', (res) => sendJson(res, 404, { message: 'Not Found' }), (e) => e.reason === 'not-found'],
      ['429 with Retry-After', (res) => sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '30' }), (e) => e.reason === 'rate-limited' && e.retryAfterMs === 30_000],
      ['500', (res) => sendJson(res, 500, { message: 'boom' }), (e) => e.reason === 'unavailable' && e.status === 500],
      ['a server that never answers', () => undefined, (e) => e.reason === 'unavailable' && e.detail === 'timeout'],
    ];
    for (const [name, fail, check] of cases) {
      it(`${name}: typed error, last good items kept and marked stale`, async () => {
        let failing = false;
        const good = suite.good(() => server!.url);
        server = await LocalServer.start((req, res) => (failing ? fail(res) : good(req, res)));
        model = new PlanModel({ provider: suite.make(server.url, 400), statuses });
        await model.refresh(new AbortController().signal);
        const count = model.items.length;
        assert.ok(count > 0, 'the good fixtures load items');
        failing = true;
        const started = Date.now();
        await model.refresh(new AbortController().signal);
        assert.ok(Date.now() - started < 2000, 'ends within the timeout');
        const { stale, error } = model.state;
        assert.equal(stale, true);
        assert.equal(model.items.length, count);
        assert.ok(HttpError.isHttp(error) && check(error), `unexpected error ${String(error)}`);
        assert.ok(!error.message.includes(suite.secret), 'no secret in the message');
      });
    }

    it('connection refused: unavailable', async () => {
      const provider = suite.make(`http://127.0.0.1:${await closedPort()}`, 400);
      await assert.rejects(provider.load(new AbortController().signal), (e: unknown) => DevopsError.is(e, 'unavailable'));
      provider.dispose?.();
    });
  });
}

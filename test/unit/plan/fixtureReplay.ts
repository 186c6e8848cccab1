import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendJson } from '../http/localServer';
import type { Handler, RecordedRequest } from '../http/localServer';

// Replays fixture JSON written from each product's published REST documentation.
// Each fixture file names its source in "$source"; a fixture without one fails the test.

export const fixtureRoot = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'plan');

export interface Fixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function loadFixture(file: string, base: string): Fixture {
  const raw = JSON.parse(readFileSync(join(fixtureRoot, file), 'utf8')) as { $source?: string; status?: number; headers?: Record<string, string>; body?: unknown };
  assert.ok(typeof raw.$source === 'string' && raw.$source.length > 20, `${file} must name its documentation source in $source`);
  const headers = Object.fromEntries(Object.entries(raw.headers ?? {}).map(([k, v]) => [k, v.split('{base}').join(base)]));
  return { status: raw.status ?? 200, headers, body: raw.body };
}

export interface Route {
  method: string;
  /** Path without query; a RegExp to match ids. */
  path: string | RegExp;
  /** Query parameters that must be present with these values. */
  query?: Record<string, string>;
  /** Fixture file (relative to test/fixtures/plan), or a function answering. */
  answer: string | ((request: RecordedRequest) => { status: number; body: unknown; headers?: Record<string, string> });
}

/** A handler answering from routes; unknown requests get 404 and are listed for the assertion. */
export function replay(routes: Route[], base: () => string, basePath = ''): Handler {
  return (request, response) => {
    const url = new URL(request.url, 'http://x');
    const path = url.pathname.slice(basePath.length);
    const route = routes.find(
      (r) =>
        r.method === request.method &&
        (typeof r.path === 'string' ? r.path === path : r.path.test(path)) &&
        Object.entries(r.query ?? {}).every(([k, v]) => url.searchParams.get(k) === v),
    );
    if (!route) {
      sendJson(response, 404, { message: `no fixture for ${request.method} ${request.url}` });
      return;
    }
    const answer = typeof route.answer === 'string' ? loadFixture(route.answer, base()) : route.answer(request);
    if (answer.status === 204) {
      response.writeHead(204, answer.headers ?? {}).end();
      return;
    }
    sendJson(response, answer.status, answer.body, answer.headers ?? {});
  };
}

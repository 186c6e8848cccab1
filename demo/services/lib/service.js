'use strict';
// The frame every demo service shares: an HTTP server on 127.0.0.1 with /healthz and
// /metrics, request metrics and access logs, JSON routes, and a clean stop on SIGTERM.

const http = require('node:http');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { Registry } = require('./metrics');
const { createLogger } = require('./logger');

const DEMO_DIR = path.resolve(__dirname, '..', '..');
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function createService({ name, port, routes }) {
  const log = createLogger(name, path.join(DEMO_DIR, 'logs', `${name}.log`));
  const registry = new Registry();
  const requests = registry.counter('demo_http_requests_total', 'HTTP requests served, by route and status.');
  const duration = registry.histogram('demo_http_request_duration_seconds', 'Time to serve a request.', LATENCY_BUCKETS);
  registry.gauge('process_resident_memory_bytes', 'Resident memory of the process.', () => [[{ service: name }, process.memoryUsage().rss]]);
  registry.gauge('process_heap_used_bytes', 'V8 heap in use.', () => [[{ service: name }, process.memoryUsage().heapUsed]]);
  registry.gauge('process_cpu_seconds_total', 'User and system CPU time spent.', () => {
    const { user, system } = process.cpuUsage();
    return [[{ service: name }, (user + system) / 1e6]];
  }, 'counter');
  const started = Date.now() / 1000;
  registry.gauge('process_start_time_seconds', 'Start time of the process (Unix seconds).', () => [[{ service: name }, started]]);

  const compiled = routes.map((route) => ({ ...route, pattern: compilePath(route.path) }));

  const server = http.createServer((req, res) => {
    const begin = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const requestId = req.headers['x-request-id'] ?? randomUUID().slice(0, 8);
    let routeLabel = url.pathname === '/healthz' || url.pathname === '/metrics' ? url.pathname : 'unmatched';

    const finish = (status, body, type) => {
      res.writeHead(status, { 'content-type': type, 'x-request-id': requestId });
      res.end(body);
      const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
      requests.inc({ service: name, method: req.method, route: routeLabel, status: String(status) });
      duration.observe({ service: name, route: routeLabel }, seconds);
      if (routeLabel === '/healthz' || routeLabel === '/metrics') return;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      log.line(level, `${req.method} ${url.pathname} ${status} ${Math.round(seconds * 1000)}ms rid=${requestId}`);
    };

    if (url.pathname === '/healthz') return finish(200, 'ok\n', 'text/plain');
    if (url.pathname === '/metrics') return finish(200, registry.render(), 'text/plain; version=0.0.4');

    const match = findRoute(compiled, req.method, url.pathname);
    if (!match) return finish(404, JSON.stringify({ error: 'not found' }), 'application/json');
    routeLabel = match.route.path;
    readBody(req)
      .then((body) => match.route.handler({ params: match.params, query: url.searchParams, body, requestId, log }))
      .then(
        (result) => finish(result.status ?? 200, result.html ?? JSON.stringify(result.json), result.html ? 'text/html' : 'application/json'),
        (error) => {
          const status = error instanceof HttpError ? error.status : 500;
          if (status >= 500) log.event('error', error.message, { route: routeLabel, requestId });
          finish(status, JSON.stringify({ error: error.message }), 'application/json');
        },
      );
  });

  // In a container the port is published on the host's 127.0.0.1 only (scripts/engines.js);
  // inside, the service must answer on the container's own interface for that to reach it.
  const host = process.env.DEVOPS_DEMO_LISTEN_HOST || '127.0.0.1';
  server.listen(port, host, () => log.event('info', 'listening', { url: `http://${host}:${port}`, pid: process.pid }));
  server.on('error', (error) => {
    log.event('error', 'cannot listen', { port, error: error.message });
    process.exit(1);
  });

  const stop = (signal) => {
    log.event('info', 'shutting down', { signal });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { log, server };
}

function compilePath(pattern) {
  const source = pattern.replace(/:([a-zA-Z]+)/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}$`);
}

function findRoute(routes, method, pathname) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(pathname);
    if (found) return { route, params: found.groups ?? {} };
  }
  return undefined;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 64 * 1024) reject(new HttpError(413, 'body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (chunks.length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

// Calls another demo service; a dependency that is down or slow becomes a 502/504 here.
async function callJson(url, { method = 'GET', body, requestId, timeoutMs = 2000 } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId ?? '' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error.name === 'TimeoutError';
    throw new HttpError(timedOut ? 504 : 502, `${method} ${url} ${timedOut ? 'timed out' : 'failed'}: ${error.cause?.code ?? error.message}`);
  }
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw new HttpError(response.status === 404 ? 404 : 502, json?.error ?? `${method} ${url} answered ${response.status}`);
  return json;
}

function randomBetween(min, max) {
  return min + Math.random() * (max - min);
}

module.exports = { createService, callJson, HttpError, randomBetween, DEMO_DIR };

import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient } from '../../../src/backends/metrics/prometheusClient';
import { PrometheusError, type PrometheusFailure } from '../../../src/backends/metrics/prometheusError';
import { DevopsError } from '../../../src/core/errors';
import { AlertEvaluator, alertRulesFromConfig } from '../../../src/core/monitor/alerts';
import { MetricsModel } from '../../../src/core/monitor/metricsModel';
import { planRange, pointCount } from '../../../src/core/monitor/series';
import { chartId, monitorJobs } from '../../../src/backends/metrics/monitorJobs';
import { startRealPrometheus, type RealPrometheus } from '../monitor/realPrometheus';
import { waitFor } from '../monitor/waitFor';
import { openNetwork } from '../../../src/backends/http/openNetwork';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await close(probe);
  return port;
}

async function failureOf(promise: Promise<unknown>): Promise<PrometheusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PrometheusError) return error;
    throw error;
  }
  throw new Error('expected a PrometheusError');
}

function expectFailure(error: PrometheusError, failure: PrometheusFailure, message: RegExp): void {
  assert.equal(error.failure, failure, error.message);
  assert.ok(PrometheusError.isFailure(error, failure));
  assert.match(error.message, message);
}

describe('PrometheusClient against a real Prometheus', function () {
  this.timeout(60_000);
  let target: Server;
  let client: PrometheusClient;
  let prometheus: RealPrometheus | undefined;
  let scrapes = 0;

  before(async () => {
    target = createServer((request, response) => {
      if (request.url !== '/metrics') return void response.writeHead(404).end();
      scrapes++;
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(`# TYPE demo_temperature gauge\ndemo_temperature{room="lab"} 21.5\n# TYPE demo_scrapes_total counter\ndemo_scrapes_total ${scrapes}\n`);
    });
    const targetPort = await listen(target);
    prometheus = await startRealPrometheus(['  - job_name: demo', '    static_configs:', `      - targets: ['127.0.0.1:${targetPort}']`]);
    client = new PrometheusClient({ network: openNetwork, url: prometheus.url, timeoutMs: 2000 });
    const deadline = Date.now() + 30_000;
    let samples = 0;
    while (samples === 0) {
      if (Date.now() > deadline) throw new Error('Prometheus scraped no sample in time');
      samples = (await client.instant('demo_temperature')).length;
      if (samples === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  after(async () => {
    await prometheus?.stop();
    if (target) await close(target);
  });

  it('answers an instant query with labelled values', async () => {
    const [sample, ...rest] = await client.instant('demo_temperature');
    assert.equal(rest.length, 0);
    assert.equal(sample.value, 21.5);
    assert.equal(sample.labels.room, 'lab');
    assert.equal(sample.labels.job, 'demo');
    assert.ok(Math.abs(sample.time - Date.now()) < 5000);
  });

  it('answers a scalar instant query and turns NaN into null', async () => {
    assert.equal((await client.instant('scalar(demo_temperature) * 2'))[0].value, 43);
    assert.equal((await client.instant('0/0'))[0].value, null);
  });

  it('answers a range query on the planned grid, within the chart width', async () => {
    await waitFor(() => scrapes >= 4, 'a few scrapes', 10_000);
    // 30 s over 31 px: a 1 s step, the scrape interval.
    const plan = planRange(Date.now(), 30_000, 31);
    assert.equal(plan.stepMs, 1000);
    const [result, ...rest] = await client.range('demo_scrapes_total', plan);
    assert.equal(rest.length, 0);
    const { timestamps, values } = result.series;
    assert.equal(timestamps.length, pointCount(plan));
    assert.ok(timestamps.length <= 31);
    assert.equal(timestamps[0], plan.start);
    assert.equal(timestamps.at(-1), plan.end);
    const present = values.filter((v): v is number => v !== null);
    assert.ok(present.length >= 1, `some values in ${JSON.stringify(values)}`);
    assert.ok(present.every((v, i) => i === 0 || v >= present[i - 1]), 'a counter never decreases');
    assert.ok(values[0] === null, 'before the first scrape there is a gap');
  });

  it('feeds the panel model: chart data read back for a query, and an alert query firing', async () => {
    const metrics = new MetricsModel();
    const config = {
      charts: [{ title: 'temperature', query: 'demo_temperature' }, { title: 'broken', query: 'rate(' }],
      alerts: [{ name: 'hot', query: 'demo_temperature', warning: 20, critical: 30, for: '0s' }],
    };
    const alerts = new AlertEvaluator(alertRulesFromConfig(config.alerts));
    const jobs = monitorJobs({ metrics, alerts, prometheus: client, config, view: () => ({ rangeMs: 30_000, widthPx: 300 }) });
    assert.deepEqual(jobs.map((j) => j.id), ['monitor/chart.0', 'monitor/chart.1', 'monitor/alert-query.0']);
    const context = { signal: new AbortController().signal, delayUntil: () => undefined };
    await jobs[0].run(context);
    await assert.rejects(jobs[1].run(context));
    await jobs[2].run(context);
    const chart = metrics.get(chartId(0))!;
    assert.equal(chart.error, undefined);
    assert.equal(chart.lines.length, 1);
    assert.match(chart.lines[0].label, /^demo_temperature\{instance="127\.0\.0\.1:\d+", job="demo", room="lab"\}$/);
    assert.equal(chart.lines[0].series.values.at(-1), 21.5);
    assert.match(metrics.get(chartId(1))!.error ?? '', /parse error/);
    assert.equal(alerts.worstLevel(), 'warning');
  });

  it('reports a syntax error with Prometheus\' own message', async () => {
    const error = await failureOf(client.instant('sum(demo_temperature'));
    expectFailure(error, 'bad-query', /^Prometheus rejected the query "sum\(demo_temperature": .*parse error/);
    assert.ok(DevopsError.is(error, 'invalid-config'));
  });

  it('honours the caller\'s abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.instant('up', { signal: controller.signal }), (e: unknown) => DevopsError.is(e, 'cancelled'));
  });
});

describe('PrometheusClient when Prometheus misbehaves', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });

  async function fake(handler: Parameters<typeof createServer>[1], options: { maxAnswerBytes?: number } = {}): Promise<PrometheusClient> {
    const server = createServer(handler);
    servers.push(server);
    return new PrometheusClient({ network: openNetwork, url: `http://127.0.0.1:${await listen(server)}/`, timeoutMs: 300, ...options });
  }

  it('says Prometheus is down when the connection is refused', async () => {
    const client = new PrometheusClient({ network: openNetwork, url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 });
    expectFailure(await failureOf(client.instant('up')), 'down', /is not reachable \(connection refused, ECONNREFUSED\)/);
    assert.equal(await client.ready(), false);
  });

  it('times out on a server that never answers', async () => {
    const client = await fake(() => undefined);
    const started = Date.now();
    expectFailure(await failureOf(client.instant('up')), 'timeout', /did not answer within 0.3 s/);
    assert.ok(Date.now() - started < 2000);
  });

  it('rejects an answer of the wrong shape and one that is not the API', async () => {
    const wrongShape = await fake((_req, res) => res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":"x"}]}}'));
    expectFailure(await failureOf(wrongShape.instant('up')), 'invalid-payload', /unexpected shape/);
    const proxy = await fake((_req, res) => res.writeHead(502).end('<html>Bad Gateway</html>'));
    expectFailure(await failureOf(proxy.instant('up')), 'server-error', /HTTP 502 with something that is not its API/);
  });

  it('refuses an answer past its byte limit with a clear "too large", declared or streamed', async () => {
    const series = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: Array.from({ length: 20_000 }, (_, i) => ({ metric: { instance: `host-${i}` }, value: [1700000000, '1'] })) } });
    const limit = { maxAnswerBytes: 256 * 1024 };
    const declared = await fake((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(series) }).end(series), limit);
    expectFailure(await failureOf(declared.instant('up')), 'invalid-payload', /^The answer of Prometheus at .* is 1\.\d MB, larger than the 256\.0 KB limit; ask for fewer series/);
    // Chunked, with no Content-Length: the limit holds while reading.
    const streamed = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let at = 0; at < series.length; at += 64 * 1024) res.write(series.slice(at, at + 64 * 1024));
      res.end();
    }, limit);
    expectFailure(await failureOf(streamed.instant('up')), 'invalid-payload', /^The answer of Prometheus at .* is larger than the 256\.0 KB limit/);
  });

  it('maps Prometheus\' own query timeout to a timeout', async () => {
    const client = await fake((_req, res) => res.writeHead(503).end('{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}'));
    expectFailure(await failureOf(client.instant('up')), 'timeout', /query timed out/);
  });
});

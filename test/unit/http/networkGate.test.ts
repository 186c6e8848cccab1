import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fetchLog } from '../../../src/backends/ci/logFetch';
import { HttpClient } from '../../../src/backends/http/httpClient';
import { HttpError } from '../../../src/backends/http/httpErrors';
import { PrometheusClient } from '../../../src/backends/metrics/prometheusClient';
import { createHttpProbe } from '../../../src/backends/probes/httpProbe';
import { createTcpProbe } from '../../../src/backends/probes/tcpProbe';
import { DevopsError } from '../../../src/core/errors';
import { LocalServer, sendJson } from './localServer';
import { RecordingGate } from './recordingGate';

// Every way the backends reach the network passes the one gate: the JSON client (each
// redirect hop too), the CI log reader, Prometheus queries, HTTP and TCP probes. A
// refusing gate (Restricted Mode) means no byte reaches a real server on 127.0.0.1.

const signal = (): AbortSignal => new AbortController().signal;

describe('the network gate', () => {
  let server: LocalServer;
  let accepted = 0;
  let tcp: net.Server;
  let tcpPort: number;

  beforeEach(async () => {
    server = await LocalServer.start((req, res) => {
      if (req.url === '/api/old') return void res.writeHead(302, { location: '/api/new' }).end();
      if (req.url.startsWith('/api/v1/query')) return sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
      sendJson(res, 200, { ok: true });
    });
    accepted = 0;
    tcp = net.createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    tcpPort = (tcp.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await server.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });

  it('refused: the JSON client, the log reader, Prometheus and both probes reach nothing', async () => {
    const gate = new RecordingGate(true);
    const client = new HttpClient({ baseUrl: `${server.url}/api`, network: gate, auth: () => Promise.resolve({ authorization: 'Bearer t0k3n-secret' }) });
    await assert.rejects(client.request({ path: '/runs' }), (e: unknown) => HttpError.isHttp(e) && e.reason === 'untrusted' && e.detail === 'refused' && /Restricted Mode/.test(e.message));
    await assert.rejects(
      fetchLog({ url: new URL(`${server.url}/log`), headers: {}, credentials: { authorization: 'Bearer t0k3n-secret' }, network: gate, signal: signal(), timeoutMs: 1000, maxBytes: 1024, keep: 'tail' }),
      (e: unknown) => DevopsError.is(e, 'untrusted'),
    );
    const prometheus = new PrometheusClient({ url: server.url, network: gate, timeoutMs: 1000 });
    await assert.rejects(prometheus.instant('up'), (e: unknown) => DevopsError.is(e, 'untrusted'));
    const httpProbe = await createHttpProbe({ url: `${server.url}/healthz`, timeoutMs: 1000, network: gate }).check(signal());
    assert.deepEqual([httpProbe.state, httpProbe.reason], ['unknown', 'untrusted']);
    const tcpProbe = await createTcpProbe({ address: `127.0.0.1:${tcpPort}`, timeoutMs: 1000, network: gate }).check(signal());
    assert.deepEqual([tcpProbe.state, tcpProbe.reason], ['unknown', 'untrusted']);
    client.close();
    assert.equal(server.requests.length, 0, 'the HTTP server received nothing');
    assert.equal(accepted, 0, 'the TCP server accepted nothing');
    assert.equal(gate.refused.length, 5);
  });

  it('open: each request and each redirect hop is counted once, probes included', async () => {
    const gate = new RecordingGate(false);
    const client = new HttpClient({ baseUrl: `${server.url}/api`, network: gate });
    await client.request({ path: '/old' });
    client.close();
    assert.deepEqual(gate.opened, [`${server.url}/api/old`, `${server.url}/api/new`]);
    const prometheus = new PrometheusClient({ url: server.url, network: gate, timeoutMs: 1000 });
    await prometheus.instant('up');
    const probe = await createTcpProbe({ address: `127.0.0.1:${tcpPort}`, timeoutMs: 1000, network: gate }).check(signal());
    assert.equal(probe.state, 'up');
    assert.equal(gate.opened.length, 4);
    assert.equal(server.requests.length, 3);
  });
});

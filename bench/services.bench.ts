// Services figures for `npm run bench`:
//   services.probe200.eventLoopP99Ms  event-loop delay p99 while 200 services are probed per
//                                      interval by the real scheduler (target: under 50 ms)
//   services.probe200.idleP99Ms       the same with nothing probed: the machine's floor now
//   services.probe200.probesPerSecond results recorded (200 per 1 s interval expected)
//   services.map100.layoutMs          median layout time of a 100-service map
// The HTTP servers answer from a worker thread, so their work does not count against the
// loop being measured, as the services would run outside the extension host.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createHttpProbe } from '../src/backends/probes/httpProbe';
import { devopsConfigSchema } from '../src/core/config/schema';
import { RefreshScheduler } from '../src/core/refresh/refreshScheduler';
import { buildServiceGraph } from '../src/core/services/serviceGraph';
import { layoutServiceMap } from '../src/core/services/serviceMapLayout';
import { ServicesModel } from '../src/core/services/servicesModel';
import { openNetwork } from '../src/backends/http/openNetwork';

const serverCode = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const servers = [];
let ready = 0;
for (let i = 0; i < 4; i++) {
  const server = http.createServer((req, res) => res.end('ok'));
  server.keepAliveTimeout = 5000;
  servers.push(server);
  server.listen(0, '127.0.0.1', () => {
    if (++ready === 4) parentPort.postMessage(servers.map((s) => s.address().port));
  });
}
parentPort.on('message', () => { for (const s of servers) s.close(); parentPort.close(); });
`;

async function probe200(): Promise<Record<string, number>> {
  const worker = new Worker(serverCode, { eval: true });
  const ports = await new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const services: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) {
    services[`svc-${i}`] = { health: { http: `http://127.0.0.1:${ports[i % ports.length]}/healthz?i=${i}`, interval: '1s', timeout: '2s' } };
  }
  const config = devopsConfigSchema.parse({ version: 1, services }).services;
  const scheduler = new RefreshScheduler({ groupConcurrency: { services: 16 } });
  const model = new ServicesModel({
    scheduler,
    createProbe: (_name, s) => (s.health?.http ? createHttpProbe({ network: openNetwork, url: s.health.http, timeoutMs: 2000 }) : undefined),
  });
  let probes = 0;
  model.onDidChangeService(() => probes++);
  // The floor: the same measurement with nothing probed, on this machine, now.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  idle.disable();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  model.setServices(config);
  histogram.enable();
  const watching = model.watch();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  histogram.disable();
  watching.dispose();
  model.dispose();
  scheduler.dispose();
  worker.postMessage('stop');
  await worker.terminate();
  return {
    'services.probe200.eventLoopP99Ms': Math.round((histogram.percentile(99) / 1e6) * 10) / 10,
    'services.probe200.idleP99Ms': Math.round((idle.percentile(99) / 1e6) * 10) / 10,
    'services.probe200.probesPerSecond': Math.round(probes / 5),
  };
}

// A system in tiers, as service maps tend to be: 10 front doors → 40 APIs → 30 workers →
// 20 stores, ~200 edges, some skipping a tier and one cycle.
function map100(): Record<string, number> {
  const deps: Record<string, { dependsOn: string[] }> = {};
  const name = (i: number): string => `service-${i}`;
  for (let i = 0; i < 100; i++) {
    const targets =
      i < 10 ? [10 + ((i * 3) % 40), 10 + ((i * 3 + 1) % 40), 10 + ((i * 3 + 2) % 40)]
      : i < 50 ? [50 + ((i * 7) % 30), 50 + ((i * 11) % 30), 80 + (i % 20)]
      : i < 80 ? [80 + (i % 20), 80 + ((i * 3) % 20)]
      : [];
    deps[name(i)] = { dependsOn: [...new Set(targets)].map(name) };
  }
  deps[name(99)] = { dependsOn: [name(12)] };
  const graph = buildServiceGraph(deps);
  const times: number[] = [];
  // One warm-up, then the median of 9: a single layout is short enough for one collection to move it by a fifth.
  for (let run = -1; run < 9; run++) {
    const started = performance.now();
    layoutServiceMap(graph);
    if (run >= 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { 'services.map100.layoutMs': Math.round(times[4] * 10) / 10 };
}

export async function benchServices(): Promise<Record<string, number>> {
  return { ...(await probe200()), ...map100() };
}

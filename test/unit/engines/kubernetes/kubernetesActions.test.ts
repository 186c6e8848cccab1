import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesBackend } from '../../../../src/backends/engines/kubernetes/kubernetesBackend';
import type { EngineLogLine, EngineSnapshot, EngineStatsSample, Workload } from '../../../../src/core/engines/engineTypes';
import { DevopsError } from '../../../../src/core/errors';
import type { FakeKubeApi } from './fakeKubeApi';
import { SnapshotRecorder, startShop, testBackend } from './testCluster';
import { waitFor } from '../../monitor/waitFor';

// What the backend changes and streams, against the local API server: scale through the
// scale subresource, rollout restart as kubectl patches it, a pod delete bound to its uid,
// the logs of every pod of a workload (tagged, followed, resumed without gaps or repeats),
// and CPU and memory from the metrics API, or a clear word that the cluster has none.

describe('Kubernetes backend: actions, logs and stats', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let backend: KubernetesBackend;
  let snapshot: EngineSnapshot;
  let recorder: SnapshotRecorder;
  let controller: AbortController;
  let watching: Promise<void>;
  const signal = (): AbortSignal => controller.signal;
  const workload = (id: string): Workload => snapshot.workloads.find((w) => w.id === id)!;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-kube-actions-'));
    let kubeconfig: string;
    ({ api, kubeconfig } = await startShop(dir));
    backend = testBackend(kubeconfig);
    controller = new AbortController();
    recorder = new SnapshotRecorder();
    watching = backend.watch(recorder.push, controller.signal);
    snapshot = await recorder.next((s) => !s.stale, 'the first snapshot');
  });
  afterEach(async () => {
    controller.abort();
    await watching;
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scales a Deployment through the scale subresource with a merge patch, and the watch shows it', async () => {
    await backend.scale(workload('kubernetes/deployment/shop/web'), 5, signal());
    const sent = api.bodies.find((b) => b.path.endsWith('/scale'));
    assert.deepEqual(sent, { method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/web/scale', contentType: 'application/merge-patch+json', body: { spec: { replicas: 5 } } });
    const after = await recorder.next((s) => s.workloads.find((w) => w.name === 'web')?.replicas?.desired === 5, 'desired 5');
    assert.equal(after.workloads.find((w) => w.name === 'web')?.state, 'updating', 'a new generation not yet observed is a rollout in progress');
    await backend.scale(workload('kubernetes/statefulset/shop/db'), 0, signal());
    assert.equal(api.get('statefulsets', 'shop', 'db')?.spec?.replicas, 0);
  });

  it('refuses what a workload cannot do, before asking the server', async () => {
    const agent = workload('kubernetes/daemonset/shop/log-agent');
    assert.equal(backend.can(agent, 'scale'), false);
    assert.equal(backend.can(workload('kubernetes/deployment/shop/web'), 'scale'), true);
    assert.equal(backend.can(workload('kubernetes/pod/shop/debug-shell'), 'restart'), false);
    const before = api.requests.length;
    await assert.rejects(backend.scale(agent, 2, signal()), (e: unknown) => DevopsError.is(e, 'invalid-data'));
    await assert.rejects(backend.scale(workload('kubernetes/deployment/shop/web'), -1, signal()), (e: unknown) => DevopsError.is(e, 'invalid-data'));
    await assert.rejects(backend.restart(workload('kubernetes/pod/shop/debug-shell'), signal()), (e: unknown) => DevopsError.is(e, 'invalid-data'));
    assert.equal(api.requests.length, before);
  });

  it('restarts a rollout by patching the pod template annotation kubectl.kubernetes.io/restartedAt', async () => {
    const started = Date.now();
    await backend.restart(workload('kubernetes/deployment/shop/web'), signal());
    const sent = api.bodies.find((b) => b.method === 'PATCH' && b.path === '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.equal(sent?.contentType, 'application/strategic-merge-patch+json');
    const stamp = (sent?.body as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'];
    assert.match(stamp ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(Date.parse(stamp) >= Math.floor(started / 1000) * 1000);
    const template = api.get('deployments', 'shop', 'web')?.spec?.template as { metadata: { annotations: Record<string, string>; labels: Record<string, string> } };
    assert.equal(template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], stamp);
    assert.equal(template.metadata.labels.app, 'web', 'the rest of the template is kept');
  });

  it('deletes a pod with its uid as precondition, and the pod leaves the workload', async () => {
    const web = workload('kubernetes/deployment/shop/web');
    const pod = web.members.find((m) => m.name === 'web-7d9c8b6f5d-q4h7w')!;
    await backend.deleteMember(web, pod, signal());
    assert.deepEqual(api.bodies.find((b) => b.method === 'DELETE')?.body, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'a1000000-0000-4000-8000-000000000003' } });
    await recorder.next((s) => s.workloads.find((w) => w.name === 'web')?.members.length === 2, 'the pod gone');
    // A pod of the same name that came back is another pod: deleting the old one is refused as a conflict.
    await assert.rejects(backend.deleteMember(web, { ...pod, name: 'web-7d9c8b6f5d-2xkqp' }, signal()), (e: unknown) => DevopsError.is(e, 'conflict'));
  });

  it('streams the logs of every pod of a workload, each line tagged, and follows new lines', async () => {
    const lines: EngineLogLine[] = [];
    const following = new AbortController();
    const done = backend.logs(workload('kubernetes/deployment/shop/web'), { follow: true }, (line) => lines.push(line), following.signal);
    await waitFor(() => lines.length >= 6, 'the existing lines');
    api.appendLog('shop', 'web-7d9c8b6f5d-2xkqp', 'web', '2026-02-13T10:00:03.000000000Z GET /api/cart 200 4ms');
    await waitFor(() => lines.length >= 7, 'the followed line');
    following.abort();
    await done;
    assert.deepEqual(lines.map((l) => l.text), ['listening on :8080', 'GET /healthz 200 1ms', 'GET /healthz 200 1ms', 'GET /api/orders 200 12ms', 'GET /api/orders/7 404 3ms', 'POST /api/orders 201 25ms', 'GET /api/cart 200 4ms']);
    assert.ok(lines.every((l) => l.member === 'web-7d9c8b6f5d-2xkqp' && l.container === undefined && l.stream === 'stdout'));
    assert.deepEqual(lines.slice(3, 5).map((l) => l.time), [Date.parse('2026-02-13T10:00:01.003Z'), Date.parse('2026-02-13T10:00:01.500Z')]);
    const asked = api.requests.filter((r) => r.includes('/log?'));
    assert.equal(asked.length, 3, `one stream per pod: ${asked.join('\n')}`);
    assert.ok(asked.every((r) => r.includes('timestamps=true') && r.includes('follow=true')));
  });

  it('resumes a dropped log stream from the last line without a gap or a repeat, even within one second', async () => {
    const lines: EngineLogLine[] = [];
    const following = new AbortController();
    const done = backend.logs(workload('kubernetes/deployment/shop/web'), { follow: true }, (line) => lines.push(line), following.signal);
    await waitFor(() => lines.length >= 6, 'the existing lines');
    api.dropStreams();
    // Written while the stream is down, in the same second as the last line delivered.
    api.appendLog('shop', 'web-7d9c8b6f5d-2xkqp', 'web', '2026-02-13T10:00:02.000000001Z POST /api/orders 201 25ms');
    api.appendLog('shop', 'web-7d9c8b6f5d-2xkqp', 'web', '2026-02-13T10:00:02.700000000Z GET /api/orders 200 9ms');
    await waitFor(() => lines.length >= 8, 'the lines written meanwhile');
    await new Promise((resolve) => setTimeout(resolve, 300));
    following.abort();
    await done;
    assert.deepEqual(lines.slice(5).map((l) => l.text), ['POST /api/orders 201 25ms', 'POST /api/orders 201 25ms', 'GET /api/orders 200 9ms']);
    const resumed = api.requests.filter((r) => r.includes('pods/web-7d9c8b6f5d-2xkqp/log?')).at(-1) ?? '';
    assert.match(resumed, /sinceTime=2026-02-13T10%3A00%3A02Z/);
  });

  it('tags the lines of a pod with several containers with the container, and honours tail and since', async () => {
    api.appendLog('shop', 'db-0', 'postgres', '2026-02-13T09:59:59.000000000Z checkpoint starting');
    api.appendLog('shop', 'db-0', 'postgres', '2026-02-13T10:00:05.000000000Z checkpoint complete');
    api.appendLog('shop', 'db-0', 'exporter', '2026-02-13T10:00:06.000000000Z scrape ok');
    const lines: EngineLogLine[] = [];
    await backend.logs(workload('kubernetes/statefulset/shop/db'), { follow: false, since: Date.parse('2026-02-13T10:00:00Z') }, (line) => lines.push(line), signal());
    assert.deepEqual(lines.map((l) => [l.member, l.container, l.text]).sort(), [['db-0', 'exporter', 'scrape ok'], ['db-0', 'postgres', 'checkpoint complete']]);
    const tailed: EngineLogLine[] = [];
    await backend.logs(workload('kubernetes/deployment/shop/web'), { follow: false, tail: 2 }, (line) => tailed.push(line), signal());
    assert.deepEqual(tailed.map((l) => l.text), ['GET /api/orders/7 404 3ms', 'POST /api/orders 201 25ms']);
  });

  it('reads CPU and memory of the pods from the metrics API', async () => {
    const samples: EngineStatsSample[] = [];
    const reading = new AbortController();
    const done = backend.stats(workload('kubernetes/statefulset/shop/db'), (s) => samples.push(s), reading.signal);
    await waitFor(() => samples.length >= 1, 'a sample');
    reading.abort();
    await done;
    assert.deepEqual(samples[0], { member: 'db-0', at: Date.parse('2026-02-13T10:04:50Z'), cpuPercent: 12.5, memoryBytes: 532 * 1024 * 1024, memoryLimitBytes: (1024 + 64) * 1024 * 1024 });
    const web: EngineStatsSample[] = [];
    const second = new AbortController();
    const webDone = backend.stats(workload('kubernetes/deployment/shop/web'), (s) => web.push(s), second.signal);
    await waitFor(() => web.length >= 2, 'web samples');
    second.abort();
    await webDone;
    assert.deepEqual(web.slice(0, 2).map((s) => [s.member, s.cpuPercent, s.memoryLimitBytes]), [['web-7d9c8b6f5d-2xkqp', 46.2, 256 * 1024 * 1024], ['web-7d9c8b6f5d-8mvzt', 25.1, undefined]]);
  });

  it('says clearly when the cluster has no metrics API', async () => {
    api.metricsEnabled = false;
    await assert.rejects(backend.stats(workload('kubernetes/deployment/shop/web'), () => undefined, signal()), (error: unknown) => {
      assert.ok(DevopsError.is(error, 'not-found'), String(error));
      assert.match(error.message, /has no metrics API \(metrics\.k8s\.io\): install metrics-server/);
      return true;
    });
  });
});

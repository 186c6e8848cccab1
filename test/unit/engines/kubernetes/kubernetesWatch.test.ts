import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineSnapshot, Workload } from '../../../../src/core/engines/engineTypes';
import type { FakeKubeApi } from './fakeKubeApi';
import { kubeFixture } from './fakeKubeApi';
import { SnapshotRecorder, startShop, testBackend, testCa } from './testCluster';
import { FakeKubeApi as Api } from './fakeKubeApi';
import { waitFor } from '../../monitor/waitFor';

// The Kubernetes backend against a real HTTPS server on 127.0.0.1 that speaks the API: the
// first snapshot maps the shop's workloads, then every change arrives through the watch,
// across bookmarks, 410 Gone (as an event and as a status), dropped streams and a server
// that goes away and comes back.

const find = (snapshot: EngineSnapshot, id: string): Workload => {
  const found = snapshot.workloads.find((w) => w.id === id);
  assert.ok(found, `${id} not in ${snapshot.workloads.map((w) => w.id).join(', ')}`);
  return found;
};
const podNames = (w: Workload): string[] => w.members.map((m) => m.name);

describe('Kubernetes backend: list and watch', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let kubeconfig: string;
  let controller: AbortController;
  let recorder: SnapshotRecorder;
  let watching: Promise<void>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-kube-watch-'));
    ({ api, kubeconfig } = await startShop(dir));
    controller = new AbortController();
    recorder = new SnapshotRecorder();
    watching = testBackend(kubeconfig).watch(recorder.push, controller.signal);
  });

  afterEach(async () => {
    controller.abort();
    await watching;
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const first = (): Promise<EngineSnapshot> => recorder.next((s) => !s.stale, 'the first fresh snapshot');

  it('maps the namespace of the current context: workloads with their pods, bare pods as workloads, the HPA on its target', async () => {
    const snapshot = await first();
    assert.equal(snapshot.engineId, 'kubernetes:current');
    assert.equal(snapshot.error, undefined);
    assert.deepEqual(snapshot.workloads.map((w) => w.id), ['kubernetes/daemonset/shop/log-agent', 'kubernetes/deployment/shop/web', 'kubernetes/pod/shop/debug-shell', 'kubernetes/statefulset/shop/db']);
    const web = find(snapshot, 'kubernetes/deployment/shop/web');
    assert.deepEqual(web.replicas, { desired: 3, ready: 2 });
    assert.equal(web.state, 'running');
    assert.equal(web.health, 'unhealthy', 'one pod is in CrashLoopBackOff');
    assert.equal(web.restarts, 9);
    assert.equal(web.image, 'registry.example.com:5000/shop/web:2.4.1');
    assert.equal(web.version, '2.4.1');
    assert.deepEqual(web.group, { kind: 'namespace', name: 'shop' });
    assert.deepEqual(podNames(web), ['web-7d9c8b6f5d-2xkqp', 'web-7d9c8b6f5d-8mvzt', 'web-7d9c8b6f5d-q4h7w']);
    const crashing = web.members.find((m) => m.name === 'web-7d9c8b6f5d-q4h7w');
    assert.equal(crashing?.state, 'failed');
    assert.match(crashing?.detail ?? '', /CrashLoopBackOff/);
    assert.equal(web.autoscaler?.max, 3);
    assert.deepEqual(web.autoscaler?.metrics.find((m) => m.name === 'cpu'), { name: 'cpu', current: 92, target: 70, unit: '%' });
    const db = find(snapshot, 'kubernetes/statefulset/shop/db');
    assert.deepEqual([db.state, db.health, db.version, db.restarts], ['running', 'healthy', '4c5a0ff3a1b2', 1]);
    const debug = find(snapshot, 'kubernetes/pod/shop/debug-shell');
    assert.deepEqual([debug.state, debug.health, debug.replicas, debug.version, debug.createdAt], ['starting', 'starting', undefined, '1.36', Date.parse('2026-02-13T10:00:00Z')]);
    assert.ok(!snapshot.workloads.some((w) => w.name.startsWith('migrate')), "a Job's pod is no workload of its own");
  });

  it('applies watch events: a new pod joins its workload, a deleted one leaves, a scale changes the replicas', async () => {
    await first();
    const listsBefore = api.requests.filter((r) => !r.includes('watch=true')).length;
    const pods = kubeFixture<{ metadata: { name: string; uid: string } }[]>('pods.json');
    const extra = structuredClone(pods[0]);
    extra.metadata.name = 'web-7d9c8b6f5d-zzzzz';
    extra.metadata.uid = 'a1000000-0000-4000-8000-0000000000ff';
    api.put('pods', extra);
    api.remove('pods', 'shop', 'web-7d9c8b6f5d-q4h7w');
    const web = api.get('deployments', 'shop', 'web')!;
    api.put('deployments', { ...web, spec: { ...web.spec, replicas: 2 }, status: { ...web.status, readyReplicas: 2 } });
    const after = await recorder.next((s) => find(s, 'kubernetes/deployment/shop/web').replicas?.desired === 2 && podNames(find(s, 'kubernetes/deployment/shop/web')).includes('web-7d9c8b6f5d-zzzzz'), 'the changes arrived');
    const changed = find(after, 'kubernetes/deployment/shop/web');
    assert.deepEqual(podNames(changed), ['web-7d9c8b6f5d-2xkqp', 'web-7d9c8b6f5d-8mvzt', 'web-7d9c8b6f5d-zzzzz']);
    assert.equal(changed.health, 'healthy');
    assert.equal(api.requests.filter((r) => !r.includes('watch=true')).length, listsBefore, 'the changes came by watch, not by listing again');
    assert.ok(api.requests.some((r) => r.includes('allowWatchBookmarks=true') && /resourceVersion=\d+/.test(r)), api.requests.join('\n'));
  });

  it('resumes a dropped watch from the last bookmark without listing again', async () => {
    await first();
    await waitFor(() => api.openWatches === 5, 'five watches open');
    api.put('horizontalpodautoscalers', { ...api.get('horizontalpodautoscalers', 'shop', 'web')!, metadata: { ...api.get('horizontalpodautoscalers', 'shop', 'web')!.metadata } });
    api.bookmark();
    await delayMs(100);
    const lists = api.requests.filter((r) => !r.includes('watch=true')).length;
    api.compact();
    api.dropStreams();
    await waitFor(() => api.openWatches === 5, 'the watches reconnected');
    const resumed = api.requests.filter((r) => r.includes('watch=true')).slice(-5);
    assert.equal(api.requests.filter((r) => !r.includes('watch=true')).length, lists, `no list again:\n${api.requests.join('\n')}`);
    const versions = new Set(resumed.map((r) => /resourceVersion=(\d+)/.exec(r)?.[1]));
    assert.equal(versions.size, 1, `every watch resumed from the bookmark's version: ${resumed.join('\n')}`);
  });

  for (const expireAs of ['event', 'status'] as const) {
    it(`relists on 410 Gone (${expireAs === 'event' ? 'ERROR event' : 'HTTP status'}) and loses or repeats nothing that changed meanwhile`, async () => {
      await first();
      await waitFor(() => api.openWatches === 5, 'five watches open');
      api.expireAs = expireAs;
      api.dropStreams();
      // While nobody watches: a pod goes, one comes, and the history is compacted away.
      api.remove('pods', 'shop', 'debug-shell');
      const pods = kubeFixture<{ metadata: { name: string; uid: string } }[]>('pods.json');
      const added = structuredClone(pods[1]);
      added.metadata.name = 'web-7d9c8b6f5d-new01';
      added.metadata.uid = 'a1000000-0000-4000-8000-0000000000aa';
      api.put('pods', added);
      api.compact();
      const after = await recorder.next((s) => !s.stale && !s.workloads.some((w) => w.name === 'debug-shell'), 'the relisted state');
      assert.deepEqual(podNames(find(after, 'kubernetes/deployment/shop/web')), ['web-7d9c8b6f5d-2xkqp', 'web-7d9c8b6f5d-8mvzt', 'web-7d9c8b6f5d-new01', 'web-7d9c8b6f5d-q4h7w']);
      assert.ok(api.requests.filter((r) => r.startsWith('GET /api/v1/namespaces/shop/pods?limit')).length >= 2, 'pods were listed again');
    });
  }

  it('relists when a watch ends with an ERROR event mid-stream', async () => {
    await first();
    await waitFor(() => api.openWatches === 5, 'five watches open');
    const lists = api.requests.filter((r) => r.includes('limit=')).length;
    api.expireWatches();
    await waitFor(() => api.requests.filter((r) => r.includes('limit=')).length >= lists + 5 && api.openWatches === 5, 'every resource listed again and watched');
    const snapshot = await recorder.next((s) => !s.stale, 'fresh');
    assert.equal(find(snapshot, 'kubernetes/deployment/shop/web').members.length, 3, 'no pod counted twice');
  });

  it('lists 1,000 pods in pages and applies 1,000 watch events into whole snapshots', async () => {
    api.addDeployment('shop', 'big', 1000);
    api.compact();
    api.expireWatches();
    const listed = await recorder.next((s) => s.workloads.find((w) => w.name === 'big')?.members.length === 1000, 'big with 1,000 pods');
    const big = find(listed, 'kubernetes/deployment/shop/big');
    assert.deepEqual([big.replicas, big.restarts], [{ desired: 1000, ready: 1000 }, 0]);
    assert.ok(api.requests.some((r) => r.includes('/pods?limit=500&continue=')), 'the pods came in pages');
    const count = recorder.snapshots.length;
    assert.equal(api.restartEveryPod('shop'), 1007);
    const applied = await recorder.next((s) => find(s, 'kubernetes/deployment/shop/big').restarts === 1000, 'every restart applied');
    assert.ok(applied.workloads.every((w) => w.members.length < 1001));
    assert.ok(recorder.snapshots.length - count < 50, `a burst makes few snapshots, not one per event (${recorder.snapshots.length - count})`);
  });

  it('keeps the last good snapshot, marked stale with the error, while the server is gone, and recovers when it is back', async () => {
    const good = await first();
    const port = Number(new URL(api.url).port);
    recorder.clear();
    await api.close();
    const stale = await recorder.next((s) => s.stale && s.error !== undefined, 'a stale snapshot');
    assert.deepEqual(stale.workloads.map((w) => w.id), good.workloads.map((w) => w.id));
    assert.equal(stale.error?.reason, 'unavailable');
    assert.match(stale.error?.message ?? '', /127\.0\.0\.1/);
    const ca = testCa();
    api = await Api.start({ key: ca.serverKey, cert: ca.serverCert }, 'test-token-1234', port);
    api.loadShop();
    api.remove('statefulsets', 'shop', 'db');
    // A new server knows none of the old versions: the watches get 410 and list again.
    api.compact();
    const back = await recorder.next((s) => !s.stale && !s.workloads.some((w) => w.name === 'db'), 'fresh again');
    assert.equal(back.error, undefined);
  });
});

function delayMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

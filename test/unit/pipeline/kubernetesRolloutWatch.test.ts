import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { createEngineAccess } from '../../../src/backends/pipeline/engineAccess';
import { followKubeRollout } from '../../../src/backends/pipeline/kubernetes/kubeRollout';
import type { KubeClient } from '../../../src/backends/engines/kubernetes/kubeClient';
import type { FakeKubeApi } from '../engines/kubernetes/fakeKubeApi';
import { startShop } from '../engines/kubernetes/testCluster';

// A rollout is followed by a watch of the one workload, against the local HTTPS API server:
// it ends when the server sends the status change, with no reads in between; a dropped
// watch or 410 Gone lists the workload again and watches on; only a watch the cluster
// refuses (RBAC without `watch`) falls back to reading the status every pollMs.

const ref = { kind: 'deployment' as const, name: 'web', namespace: 'shop' };
const objectPath = '/apis/apps/v1/namespaces/shop/deployments/web';

describe('following a Kubernetes rollout by watch', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let client: KubeClient;
  let said: string[];
  const follow = (ms = 10_000, pollMs = 100): ReturnType<typeof followKubeRollout> => followKubeRollout(client, { ref, deadline: Date.now() + ms, say: (text) => said.push(text), signal: new AbortController().signal, pollMs });
  const reads = (): number => api.requests.filter((r) => r === `GET ${objectPath}`).length;
  const relists = (): number => api.requests.filter((r) => r.startsWith('GET /apis/apps/v1/namespaces/shop/deployments?') && !r.includes('watch=true') && r.includes('fieldSelector=metadata.name%3Dweb')).length;
  const watches = (): number => api.requests.filter((r) => r.startsWith('GET /apis/apps/v1/namespaces/shop/deployments?') && r.includes('watch=true') && r.includes('fieldSelector=metadata.name%3Dweb')).length;
  const until = async (what: string, check: () => boolean, ms = 5000): Promise<void> => {
    for (const start = Date.now(); !check(); await new Promise((resolve) => setTimeout(resolve, 10))) if (Date.now() - start > ms) assert.fail(`not within ${ms} ms: ${what}`);
  };
  const web = (): NonNullable<ReturnType<FakeKubeApi['get']>> => api.get('deployments', 'shop', 'web') ?? assert.fail('no deployment web');
  // The controller has not yet seen generation 5: a rollout in progress.
  const startRollout = (): void => void api.put('deployments', { ...web(), metadata: { ...web().metadata, generation: 5 } });
  const finishRollout = (): void => void api.put('deployments', { ...web(), status: { ...web().status, observedGeneration: 5, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 } });
  const settled = (promise: Promise<unknown>): { done: boolean } => {
    const state = { done: false };
    void promise.then(() => (state.done = true), () => (state.done = true));
    return state;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-kube-watch-'));
    let kubeconfig: string;
    ({ api, kubeconfig } = await startShop(dir));
    client = await createEngineAccess(undefined, { network: openNetwork, env: { KUBECONFIG: kubeconfig } }).kubernetes('prod');
    said = [];
    startRollout();
  });
  afterEach(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends when the server sends the status change, reading the workload once and watching it alone', async () => {
    const following = follow();
    const state = settled(following);
    await until('the watch is open', () => api.openWatches === 1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(state.done, false, 'the rollout is still in progress');
    assert.equal(reads(), 1, 'one read, then nothing while nothing changes (a 100 ms poll would have read about 12 times)');
    assert.equal(watches(), 1);
    const sent = Date.now();
    finishRollout();
    const outcome = await following;
    assert.equal(outcome.end, 'converged');
    assert.ok(Date.now() - sent < 1000, 'ended by the event, not by a later read');
    assert.equal(reads(), 1);
    assert.match(said.at(-1) ?? '', /3 updated, 3 ready, 3 available of 3/);
  });

  it('lists the workload again and watches on after a dropped watch and after 410 Gone', async () => {
    api.expireAs = 'status';
    api.restartEveryPod('shop');
    api.compact(); // the version the follower reads is already too old: its first watch is answered 410
    const following = follow();
    await until('the watch open after the list that followed 410', () => relists() === 1 && api.openWatches === 1);
    api.dropStreams();
    await until('a new list and watch after the dropped one', () => relists() === 2 && api.openWatches === 1);
    api.expireAs = 'event';
    api.compact();
    api.expireWatches();
    await until('a new list and watch after the ERROR event', () => relists() === 3 && api.openWatches === 1);
    finishRollout();
    assert.equal((await following).end, 'converged');
    assert.equal(reads(), 1, 'the object itself was read once; the rest came by list and watch');
    assert.equal(said.some((line) => line.includes('reading it every')), false, 'no fallback to polling');
  });

  it('reads the status every pollMs only when the cluster refuses the watch, and says so', async () => {
    api.refuseWatches = true;
    const following = follow(10_000, 50);
    await until('polling', () => reads() >= 6);
    assert.match(said.join('\n'), /deployment\/web: the cluster did not let its status be watched \(.*cannot watch resource "deployments".*\); reading it every 50 ms/);
    finishRollout();
    assert.equal((await following).end, 'converged');
    assert.equal(watches(), 1, 'the watch was tried once');
  });

  it('ends at the deadline when nothing converges', async () => {
    const started = Date.now();
    const outcome = await follow(700);
    assert.equal(outcome.end, 'timed-out');
    assert.equal(outcome.message, 'the controller has not yet seen the newest change');
    assert.ok(Date.now() - started < 3000, `ended ${Date.now() - started} ms after it started`);
    await until('the watch closed', () => api.openWatches === 0, 1000);
  });
});

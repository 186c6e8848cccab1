import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesBackend } from '../../../src/backends/engines/kubernetes/kubernetesBackend';
import type { EngineSnapshot } from '../../../src/core/engines/engineTypes';
import { MetricsModel } from '../../../src/core/monitor/metricsModel';
import type { EnginesSession } from '../../../src/vscode/engines/enginesSession';
import { EngineStats } from '../../../src/vscode/monitor/engineStats';
import type { FakeKubeApi } from '../engines/kubernetes/fakeKubeApi';
import { SnapshotRecorder, startShop, testBackend } from '../engines/kubernetes/testCluster';
import { waitFor } from './waitFor';

// The Monitor's per-workload charts, fed from a Kubernetes API (the local HTTPS server with
// the shop fixtures): a metrics read that fails shows on the workload's line and is asked
// again, and a new model (devops.yaml changed) is filled at once, not one interval later.

describe('engine stats for the Monitor charts', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let backend: KubernetesBackend;
  let snapshot: EngineSnapshot;
  let controller: AbortController;
  let watching: Promise<void>;
  let stats: EngineStats | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-engine-stats-'));
    let kubeconfig: string;
    ({ api, kubeconfig } = await startShop(dir));
    api.freshMetrics = true;
    // Minutes between rounds: every sample a test sees comes from a (re)start, not from a later round.
    backend = testBackend(kubeconfig, { timings: { statsIntervalMs: 600_000, requestMs: 3000 } });
    controller = new AbortController();
    const recorder = new SnapshotRecorder();
    watching = backend.watch(recorder.push, controller.signal);
    snapshot = await recorder.next((s) => !s.stale, 'the first snapshot');
  });
  afterEach(async () => {
    stats?.dispose();
    controller.abort();
    await watching;
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const session = (): EnginesSession => ({ state: { engines: [{ backend, snapshot }] } }) as unknown as EnginesSession;
  const latest = (model: MetricsModel, id: string): number | null | undefined => model.get(id, 0)?.lines[0]?.series.values.at(-1);

  it('shows a failed metrics read on the workload line and fills it once a retry answers', async () => {
    api.metricsFailures = 1;
    const model = new MetricsModel();
    stats = new EngineStats(session(), () => model, () => undefined, 50);
    stats.setVisible(true);
    // Whichever workload's read met the 500, its own line carries the error until a read works.
    await waitFor(() => model.ids().some((id) => model.get(id)?.error !== undefined), 'a chart error');
    const failed = model.ids().find((id) => model.get(id)?.error !== undefined)!;
    assert.match(failed, /^kube\.cpu\.shop\/[a-z-]+$/, 'the error sits on the line the samples go to');
    assert.match(model.get(failed)?.error ?? '', /unable to fetch pod metrics/);
    // log-agent's pods have no metrics: a read that works clears its error without a sample.
    await waitFor(() => latest(model, 'kube.cpu.shop/web') !== undefined && latest(model, 'kube.cpu.shop/db') !== undefined && model.ids().every((id) => model.get(id)?.error === undefined), 'both lines, no error left').catch((e: unknown) => assert.fail(`${String(e)}: ${JSON.stringify(model.ids().map((id) => [id, model.get(id)?.error, latest(model, id)]))}`));
    assert.equal(latest(model, 'kube.cpu.shop/web'), 71.3);
    assert.equal(latest(model, 'kube.cpu.shop/db'), 12.5);
  });

  it('starts the streams again on reset, so a new model has every line at once', async () => {
    let model = new MetricsModel();
    stats = new EngineStats(session(), () => model, () => undefined, 50);
    stats.setVisible(true);
    await waitFor(() => latest(model, 'kube.cpu.shop/web') !== undefined && latest(model, 'kube.cpu.shop/db') !== undefined, 'the first round');
    model = new MetricsModel();
    stats.reset();
    await waitFor(() => latest(model, 'kube.cpu.shop/web') !== undefined && latest(model, 'kube.cpu.shop/db') !== undefined, 'both lines in the new model', 5000);
    assert.equal(latest(model, 'kube.memory.shop/web'), 298.9);
  });
});

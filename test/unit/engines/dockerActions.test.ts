import * as assert from 'node:assert/strict';
import { createDockerBackend } from '../../../src/backends/engines/docker/dockerBackend';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import type { EngineBackend, Workload } from '../../../src/core/engines/engineTypes';
import { DevopsError } from '../../../src/core/errors';
import { dockerSuite, type DockerHarness } from './dockerHarness';
import { SnapshotRecorder } from './snapshotRecorder';

// Scale, restart, start and stop on a real dockerd: Compose services scaled through the
// engine alone (new replicas made from the newest container's own configuration), Swarm
// services updated with their version index.

describe('Docker backend: actions on a real engine', function () {
  this.timeout(120_000);
  let harness: DockerHarness;
  let backend: EngineBackend;
  let recorder: SnapshotRecorder;
  let run: string;
  const signal = new AbortController().signal;

  const suite = dockerSuite();

  before(() => {
    harness = suite.harness;
    run = `dl${harness.runLabel[1]}`;
    backend = createDockerBackend({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: openNetwork, batchMs: 50 });
    recorder = new SnapshotRecorder(backend);
  });

  after(async () => {
    await recorder?.stop();
  });

  const workload = async (id: string, ready: (w: Workload) => boolean, what = id): Promise<Workload> => {
    await recorder.until((s) => s.workloads.some((w) => w.id === id && ready(w)), what, 60_000);
    return recorder.workload(id)!;
  };
  const composeLabels = (service: string, n: number): Record<string, string> => ({
    'com.docker.compose.project': run,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': String(n),
  });

  it('scales a Compose service up from its own containers and down from the highest number', async () => {
    await harness.runContainer(`${run}-web-1`, composeLabels('web', 1), undefined, { Env: ['GREETING=hello'] });
    await harness.runContainer(`${run}-web-2`, composeLabels('web', 2), undefined, { Env: ['GREETING=hello'] });
    const id = `docker/compose-service/${run}/web`;
    const web = await workload(id, (w) => w.replicas?.ready === 2);
    await backend.scale!(web, 3, signal);
    const three = await workload(id, (w) => w.replicas?.ready === 3, 'web 3/3');
    assert.deepEqual(three.members.map((m) => m.name), [`${run}-web-1`, `${run}-web-2`, `${run}-web-3`]);
    const copy = (await harness.api('GET', `/containers/${run}-web-3/json`)).json as { Config: { Env: string[]; Labels: Record<string, string>; Hostname: string } };
    assert.ok(copy.Config.Env.includes('GREETING=hello'), 'the replica has the service environment');
    assert.equal(copy.Config.Labels['com.docker.compose.container-number'], '3');
    assert.notEqual(copy.Config.Hostname, three.members[1].id.slice(0, 12), 'not the template hostname');
    await backend.scale!(three, 1, signal);
    const one = await workload(id, (w) => w.members.length === 1, 'web down to 1');
    assert.deepEqual(one.members.map((m) => m.name), [`${run}-web-1`]);
  });

  it('refuses to scale a Compose service whose container has a fixed name, saying why', async () => {
    await harness.runContainer(`${run}-fixedname`, composeLabels('pinned', 1));
    const pinned = await workload(`docker/compose-service/${run}/pinned`, () => true);
    await assert.rejects(backend.scale!(pinned, 2, signal), (error: unknown) => DevopsError.is(error, 'invalid-config') && /fixed container name \(.*-fixedname\)/.test(error.message));
    await assert.rejects(backend.scale!(pinned, 0, signal), /stop it instead/);
  });

  it('restarts, stops and starts a Compose service container by container', async () => {
    await harness.runContainer(`${run}-worker-1`, composeLabels('worker', 1));
    const id = `docker/compose-service/${run}/worker`;
    const worker = await workload(id, (w) => w.state === 'running');
    const startedBefore = worker.members[0].startedAt ?? 0;
    await backend.restart!(worker, signal);
    await workload(id, (w) => (w.members[0].startedAt ?? 0) > startedBefore, 'a new start time after the restart');
    await backend.stop!(worker, signal);
    const stopped = await workload(id, (w) => w.state !== 'running' && w.state !== 'starting', 'worker stopped');
    assert.ok(['stopped', 'failed'].includes(stopped.state), stopped.state);
    assert.deepEqual(stopped.replicas, { desired: 1, ready: 0 });
    await backend.start!(stopped, signal);
    await workload(id, (w) => w.state === 'running', 'worker running again');
  });

  it("restarts a Swarm service's tasks, and refuses to stop one (the swarm keeps it running)", async () => {
    const name = `${run}_svc`;
    await harness.createService(name, 1, {});
    const id = `docker/swarm-service/-/${name}`;
    const service = await workload(id, (w) => w.replicas?.ready === 1);
    const taskBefore = service.members[0].id;
    await backend.restart!(service, signal);
    await workload(id, (w) => w.replicas?.ready === 1 && w.members[0].id !== taskBefore, 'a new task after the restart');
    await assert.rejects(backend.stop!(service, signal), /Swarm service/);
    assert.deepEqual(service.actions, ['scale', 'restart', 'logs', 'stats']);
  });
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerBackend } from '../../../src/backends/engines/docker/dockerBackend';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import type { EngineBackend, EngineSnapshot } from '../../../src/core/engines/engineTypes';
import { RecordingGate } from '../http/recordingGate';
import { dockerSuite, type DockerHarness } from './dockerHarness';
import { SnapshotRecorder } from './snapshotRecorder';
import { startSocketProxy } from './socketProxy';

// The Docker backend against a real dockerd: what it lists, how it groups it, and changes
// arriving through the engine's event stream. Skips only when dockerd is not installed.

describe('Docker backend: live workloads from a real engine', function () {
  this.timeout(120_000);
  let harness: DockerHarness;
  let backend: EngineBackend;
  const recorders: SnapshotRecorder[] = [];
  const watch = (target: EngineBackend = backend): SnapshotRecorder => {
    const recorder = new SnapshotRecorder(target);
    recorders.push(recorder);
    return recorder;
  };

  const suite = dockerSuite();

  before(() => {
    harness = suite.harness;
    backend = createDockerBackend({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: openNetwork, batchMs: 50 });
  });

  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((r) => r.stop()));
  });


  it('groups containers into Compose services by their labels, and lists the rest alone', async () => {
    const project = `dl${harness.runLabel[1]}`;
    const compose = (service: string, n: number): Record<string, string> => ({
      'com.docker.compose.project': project,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': String(n),
    });
    await harness.runContainer(`${project}-web-1`, compose('web', 1));
    await harness.runContainer(`${project}-web-2`, compose('web', 2));
    await harness.runContainer(`${project}-db-1`, compose('db', 1));
    await harness.runContainer(`${project}-loner`, {});
    const recorder = watch();
    const snapshot = await recorder.until((s) => s.workloads.find((w) => w.id === `docker/compose-service/${project}/web`)?.replicas?.ready === 2, 'web 2/2 ready');
    const web = recorder.workload(`docker/compose-service/${project}/web`)!;
    assert.equal(snapshot.stale, false);
    assert.equal(web.kind, 'compose-service');
    assert.deepEqual(web.group, { kind: 'compose', name: project });
    assert.deepEqual(web.members.map((m) => m.name), [`${project}-web-1`, `${project}-web-2`]);
    assert.equal(web.version, '1.2.3', 'org.opencontainers.image.version of the image');
    assert.equal(web.image, harness.image);
    assert.ok(web.createdAt && Date.now() - web.createdAt < 120_000, `age from the engine: ${web.createdAt}`);
    const db = recorder.workload(`docker/compose-service/${project}/db`);
    assert.equal(db?.members.length, 1);
    const loner = recorder.workload(`docker/container/-/${project}-loner`);
    assert.equal(loner?.kind, 'container');
    assert.equal(loner?.group, undefined);
    assert.equal(loner?.replicas, undefined);
    await recorder.until((s) => s.workloads.find((w) => w.id === `docker/compose-service/${project}/web`)?.health === 'healthy', 'web healthy (its healthcheck passes)');
  });

  it('a killed container turns failed through the event stream, not by polling', async () => {
    const name = `dl${harness.runLabel[1]}-victim`;
    const id = await harness.runContainer(name, {});
    const gate = new RecordingGate(false);
    const counted = createDockerBackend({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: gate, batchMs: 50 });
    const recorder = watch(counted);
    await recorder.until((s) => recorder.workload(`docker/container/-/${name}`)?.state === 'running' && s.workloads.length > 0, `${name} running`);
    // Let the first inspects complete, then count what the kill costs.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = gate.opened.length;
    assert.equal((await harness.api('POST', `/containers/${id}/kill`)).status, 204);
    await recorder.until(() => recorder.workload(`docker/container/-/${name}`)?.state === 'failed', `${name} failed`);
    const victim = recorder.workload(`docker/container/-/${name}`)!;
    assert.match(victim.members[0].detail ?? '', /exit code 137/);
    // Reading one container again is one or two requests, not a list of everything.
    assert.ok(gate.opened.length - before <= 3, `requests after the kill: ${gate.opened.length - before}`);
  });

  it('a Swarm service with 2 replicas shows 2/2 in its stack, and Scale to 3 arrives as 3/3', async () => {
    const stack = `dl${harness.runLabel[1]}`;
    const name = `${stack}_api`;
    await harness.createService(name, 2, { 'com.docker.stack.namespace': stack });
    const recorder = watch();
    const id = `docker/swarm-service/${stack}/${name}`;
    await recorder.until(() => recorder.workload(id)?.replicas?.ready === 2, `${name} 2/2`, 60_000);
    const api = recorder.workload(id)!;
    assert.deepEqual(api.group, { kind: 'stack', name: stack });
    assert.deepEqual(api.replicas, { desired: 2, ready: 2 });
    assert.deepEqual(api.members.map((m) => m.name).sort(), [`${name}.1`, `${name}.2`]);
    assert.ok(api.members.every((m) => m.node !== undefined), 'tasks name their node');
    assert.equal(api.version, '1.2.3');
    assert.ok(!recorder.latest!.workloads.some((w) => w.kind === 'container' && w.name.startsWith(`${name}.`)), 'task containers are members of the service, not rows');
    await backend.scale!(api, 3, new AbortController().signal);
    await recorder.until(() => recorder.workload(id)?.replicas?.desired === 3, 'desired 3 from the service update event');
    await recorder.until(() => recorder.workload(id)?.replicas?.ready === 3, `${name} 3/3`, 60_000);
  });

  it('after a dropped event stream it reconnects with since and misses no change made meanwhile', async () => {
    const name = `dl${harness.runLabel[1]}-away`;
    const id = await harness.runContainer(name, {});
    const proxy = await startSocketProxy(harness.socket);
    try {
      const viaProxy = createDockerBackend({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: proxy.port }, network: openNetwork, batchMs: 50, backoffMs: [1500] });
      const recorder = watch(viaProxy);
      const row = `docker/container/-/${name}`;
      await recorder.until(() => recorder.workload(row)?.state === 'running', `${name} running`);
      proxy.drop();
      const stale = await recorder.until((s) => s.stale, 'a stale snapshot after the drop');
      assert.equal(stale.workloads.find((w) => w.id === row)?.state, 'running', 'the last good rows stay');
      assert.equal(stale.error?.reason, 'unavailable');
      // While it is away (1.5 s before it reconnects), the container dies.
      await harness.api('POST', `/containers/${id}/kill`);
      const back = await recorder.until((s) => !s.stale && s.workloads.find((w) => w.id === row)?.state === 'failed', `${name} failed after the reconnect`);
      assert.equal(back.error, undefined);
      const events = proxy.requests.filter((r) => r.includes('/events'));
      assert.equal(events.length, 2, events.join('\n'));
      assert.match(decodeURIComponent(events[1]), /[?&]since=\d+\.\d{9}(&| )/, 'the second subscription resumes where the first stopped');
      assert.equal(proxy.requests.filter((r) => /\/containers\/json/.test(r)).length, 1, 'no second list: the replayed events named the change');
    } finally {
      await proxy.close();
    }
  });

  it('after the engine was unreachable it lists everything again', async () => {
    const proxy = await startSocketProxy(harness.socket);
    try {
      const viaProxy = createDockerBackend({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: proxy.port }, network: openNetwork, batchMs: 50, backoffMs: [300] });
      const recorder = watch(viaProxy);
      await recorder.until((s) => !s.stale && s.workloads.length > 0, 'a first snapshot');
      await proxy.refuse(true);
      const stale = await recorder.until((s) => s.stale && /nothing answers at tcp:\/\/127\.0\.0\.1/.test(s.error?.message ?? ''), 'connection refused');
      assert.ok(stale.workloads.length > 0, 'the last good rows stay while it is away');
      const name = `dl${harness.runLabel[1]}-newcomer`;
      await harness.runContainer(name, {});
      await proxy.refuse(false);
      await recorder.until((s) => !s.stale && s.workloads.some((w) => w.id === `docker/container/-/${name}`), `${name} listed after the engine came back`);
      assert.equal(proxy.requests.filter((r) => /\/containers\/json/.test(r)).length, 2);
    } finally {
      await proxy.close();
    }
  });

  it('an engine that is not running gives a clear error and a stale snapshot', async () => {
    const nowhere = createDockerBackend({ endpoint: { kind: 'unix', socketPath: `/tmp/devops-no-engine-${process.pid}.sock` }, network: openNetwork, backoffMs: [60_000] });
    const recorder = watch(nowhere);
    const snapshot = await recorder.until((s) => s.error !== undefined, 'an error snapshot', 5000);
    assert.equal(snapshot.stale, true);
    assert.equal(snapshot.error?.reason, 'unavailable');
    assert.match(snapshot.error?.message ?? '', /Docker engine is not running: there is no socket at \/tmp\/devops-no-engine-/);
    assert.match(snapshot.error?.message ?? '', /start Docker, or point DOCKER_HOST or engines\.docker\.host/, 'the row says how to get an engine');
    assert.deepEqual(snapshot.workloads, []);
  });

  it('socket permission denied gives a clear error naming the socket and the docker group', async () => {
    // Root passes every permission check, so the watch runs as nobody against the root-only
    // socket; an unprivileged run meets a socket of its own with no permissions at all.
    const work = mkdtempSync(join(tmpdir(), 'devops-docker-perm-'));
    chmodSync(work, 0o755);
    const server = net.createServer((socket) => socket.destroy());
    try {
      let socketPath = harness.socket;
      if (process.getuid?.() !== 0) {
        socketPath = join(work, 'locked.sock');
        await new Promise<void>((resolve) => server.listen(socketPath, resolve));
        chmodSync(socketPath, 0);
      }
      const backendModule = join(__dirname, '../../../src/backends/engines/docker/dockerBackend.js');
      const gateModule = join(__dirname, '../../../src/backends/http/openNetwork.js');
      const script = join(work, 'watch.js');
      writeFileSync(
        script,
        `const { createDockerBackend } = require(${JSON.stringify(backendModule)});
const { openNetwork } = require(${JSON.stringify(gateModule)});
const controller = new AbortController();
createDockerBackend({ endpoint: { kind: 'unix', socketPath: ${JSON.stringify(socketPath)} }, network: openNetwork, backoffMs: [60000] })
  .watch((s) => { process.stdout.write(JSON.stringify(s)); controller.abort(); }, controller.signal);`,
      );
      chmodSync(script, 0o644);
      const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const result = spawnSync(process.execPath, [script], { ...asNobody, encoding: 'utf8', timeout: 20_000 });
      const snapshot = JSON.parse(result.stdout || '{}') as EngineSnapshot;
      assert.equal(snapshot.stale, true, result.stderr);
      assert.equal(snapshot.error?.reason, 'forbidden');
      assert.equal(snapshot.error?.message, `permission denied on the Docker socket ${socketPath}: add your user to the "docker" group and log in again, or set DOCKER_HOST`);
    } finally {
      server.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('in Restricted Mode it connects nowhere and says why', async () => {
    const gate = new RecordingGate(true);
    const refused = createDockerBackend({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: gate, backoffMs: [60_000] });
    const recorder = watch(refused);
    const snapshot = await recorder.until((s) => s.error !== undefined, 'a refusal', 5000);
    assert.equal(snapshot.error?.reason, 'untrusted');
    assert.deepEqual(gate.opened, []);
    assert.deepEqual(gate.refused, [`unix://${harness.socket}`]);
  });
});

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesBackend } from '../../../../src/backends/engines/kubernetes/kubernetesBackend';
import type { EngineSnapshot, Workload } from '../../../../src/core/engines/engineTypes';
import { DevopsError } from '../../../../src/core/errors';
import type { FakeKubeApi } from './fakeKubeApi';
import { SnapshotRecorder, startShop, testBackend } from './testCluster';
import { waitFor } from '../../monitor/waitFor';

// Port-forward and exec on a workload's pod through the API server's WebSocket channel
// protocol (v4.channel.k8s.io, served by the fake API server). Port-forward relays to a real
// HTTP server standing in for the pod's port: each local connection is one stream, the API
// server's error text reaches the caller, and close() stops listening. Exec runs a shell
// (a real /bin/sh stands in for the pod's): typed input reaches it, output and the exit code
// come back, and the terminal's size is sent.

describe('Kubernetes backend: port-forward and exec', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let backend: KubernetesBackend;
  let snapshot: EngineSnapshot;
  let controller: AbortController;
  let watching: Promise<void>;
  let pod: Server;
  const web = (): Workload => snapshot.workloads.find((w) => w.id === 'kubernetes/deployment/shop/web')!;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-kube-forward-'));
    let kubeconfig: string;
    ({ api, kubeconfig } = await startShop(dir));
    backend = testBackend(kubeconfig);
    controller = new AbortController();
    const recorder = new SnapshotRecorder();
    watching = backend.watch(recorder.push, controller.signal);
    snapshot = await recorder.next((s) => !s.stale, 'the first snapshot');
    pod = createServer((req, res) => res.end(`pod says hi ${req.url}`));
    await new Promise<void>((resolve) => pod.listen(0, '127.0.0.1', resolve));
    api.servePodPort('shop', 'web-7d9c8b6f5d-2xkqp', 8080, (pod.address() as AddressInfo).port);
  });
  afterEach(async () => {
    controller.abort();
    await watching;
    pod.closeAllConnections();
    await new Promise<void>((resolve) => pod.close(() => resolve()));
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('relays each local connection to the running pod through its own stream', async () => {
    const forward = await backend.portForward(web(), 8080, {}, controller.signal);
    try {
      assert.equal(forward.member, 'web-7d9c8b6f5d-2xkqp', 'a running, ready pod of the Deployment');
      assert.ok(forward.localPort > 0);
      for (const path of ['/first', '/second']) {
        const answer = await fetch(`http://127.0.0.1:${forward.localPort}${path}`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5000) });
        assert.equal(await answer.text(), `pod says hi ${path}`);
      }
      const streams = api.requests.filter((r) => r.startsWith('UPGRADE /api/v1/namespaces/shop/pods/web-7d9c8b6f5d-2xkqp/portforward'));
      assert.equal(streams.length, 2, `one stream per connection: ${streams.join(' | ')}`);
      assert.match(streams[0] ?? '', /ports=8080/);
    } finally {
      await forward.close();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${forward.localPort}/`, { signal: AbortSignal.timeout(5000) }), 'nothing listens once closed');
  });

  it("passes the API server's error on when nothing listens on the pod's port", async () => {
    const forward = await backend.portForward(web(), 9999, {}, controller.signal);
    try {
      const told = new Promise<string>((resolve) => forward.onError(resolve));
      await assert.rejects(fetch(`http://127.0.0.1:${forward.localPort}/`, { signal: AbortSignal.timeout(5000) }));
      assert.match(await told, /error forwarding port 9999 .*connection refused/);
    } finally {
      await forward.close();
    }
  });

  it('refuses a port out of range and a local port in use, typed', async () => {
    await assert.rejects(backend.portForward(web(), 70_000, {}, controller.signal), (error) => DevopsError.is(error, 'invalid-config'));
    const taken = await backend.portForward(web(), 8080, {}, controller.signal);
    try {
      await assert.rejects(backend.portForward(web(), 8080, { localPort: taken.localPort }, controller.signal), (error) => DevopsError.is(error, 'conflict'));
    } finally {
      await taken.close();
    }
  });

  it('opens a shell in a pod with a TTY: input in, output and exit code out, resizes sent', async () => {
    const pod = web().members.find((m) => m.name === 'web-7d9c8b6f5d-2xkqp')!;
    const shell = await backend.shell(web(), pod, { columns: 120, rows: 40 });
    let output = '';
    shell.onData((data) => (output += data));
    shell.write('echo in-pod-$((6*7))\n');
    await waitFor(() => output.includes('in-pod-42'), 'the answer of the shell', 10_000);
    await shell.resize({ columns: 100, rows: 30 });
    shell.write('exit 3\n');
    assert.deepEqual(await shell.ended, { code: 3 });
    const [exec] = api.execs;
    assert.equal(exec?.pod, 'web-7d9c8b6f5d-2xkqp');
    assert.equal(exec.tty, true, 'a terminal is asked for');
    assert.equal(exec.command[0], '/bin/sh');
    assert.deepEqual(exec.resizes, [{ height: 40, width: 120 }, { height: 30, width: 100 }]);
  });

  it('ends a shell in a pod that is not running with the API server\'s status', async () => {
    const creating = snapshot.workloads.find((w) => w.kind === 'pod' && w.members[0]?.state !== 'running');
    assert.ok(creating, 'the fixtures hold a bare pod still being created');
    const shell = await backend.shell(creating, creating.members[0], { columns: 80, rows: 24 });
    assert.deepEqual(await shell.ended, {}, 'no exit code: the command never ran');
  });
});

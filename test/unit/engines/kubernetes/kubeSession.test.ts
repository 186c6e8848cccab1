import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CredentialHelper } from '../../../../src/backends/engines/kubernetes/credentialHelper';
import { openKubeSession } from '../../../../src/backends/engines/kubernetes/kubeSession';
import { openNetwork } from '../../../../src/backends/http/openNetwork';
import { DevopsError } from '../../../../src/core/errors';
import { RecordingGate } from '../../http/recordingGate';
import type { FakeKubeApi } from './fakeKubeApi';
import { execUser, SnapshotRecorder, startShop, testBackend, testCa, writeKubeconfig } from './testCluster';

// Which cluster and as whom: kubeconfig files found as kubectl finds them, contexts chosen
// by name with typed errors, exec credential plugins run by the library only when the
// policy allows (real scripts as plugins), nothing sent in Restricted Mode, and a workspace
// kubeconfig that may not read files outside the workspace.

describe('Kubernetes backend: kubeconfig, contexts and credentials', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let kubeconfig: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-kube-session-'));
    ({ api, kubeconfig } = await startShop(dir));
  });
  afterEach(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rejectsWith = async (work: Promise<unknown>, reason: DevopsError['reason'], pattern: RegExp): Promise<void> => {
    await assert.rejects(work, (error: unknown) => {
      assert.ok(DevopsError.is(error, reason), `expected ${reason}, got ${String(error)}`);
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('reads ~/.kube/config when KUBECONFIG is unset and uses its current context and namespace', async () => {
    mkdirSync(join(dir, 'home', '.kube'), { recursive: true });
    const file = writeKubeconfig(join(dir, 'home', '.kube'), api.url, testCa().caPem);
    const session = await openKubeSession({ config: {}, network: openNetwork, env: { HOME: join(dir, 'home') } });
    assert.deepEqual([session.context, session.namespaces, session.server.href], ['prod', ['shop'], `${api.url}/`]);
    assert.equal(file, join(dir, 'home', '.kube', 'config'));
  });

  it('a missing kubeconfig is a clear not-found, in a snapshot too', async () => {
    await rejectsWith(openKubeSession({ config: {}, network: openNetwork, env: { HOME: join(dir, 'nobody') } }), 'not-found', /no kubeconfig: KUBECONFIG is not set and .*nobody\/\.kube\/config does not exist/);
    await rejectsWith(openKubeSession({ config: {}, network: openNetwork, env: { KUBECONFIG: join(dir, 'a') + ':' + join(dir, 'b') } }), 'not-found', /none of the files KUBECONFIG lists exists/);
    const recorder = new SnapshotRecorder();
    const controller = new AbortController();
    const watching = testBackend(join(dir, 'missing'), {}).watch(recorder.push, controller.signal);
    const snapshot = await recorder.next((s) => s.error !== undefined, 'an error snapshot');
    controller.abort();
    await watching;
    assert.deepEqual([snapshot.stale, snapshot.workloads, snapshot.error?.reason], [true, [], 'not-found']);
  });

  it('a context the kubeconfig does not have is invalid-config naming the ones it has; a named one is used', async () => {
    await rejectsWith(openKubeSession({ config: { context: 'production' }, network: openNetwork, env: { KUBECONFIG: kubeconfig } }), 'invalid-config', /has no context "production" \(it has: prod, staging\)/);
    const staging = await openKubeSession({ config: { context: 'staging', namespaces: ['shop', 'payments'] }, network: openNetwork, env: { KUBECONFIG: kubeconfig } });
    assert.deepEqual([staging.context, staging.namespaces], ['staging', ['shop', 'payments']]);
    writeKubeconfig(dir, api.url, testCa().caPem, { currentContext: null });
    await rejectsWith(openKubeSession({ config: {}, network: openNetwork, env: { KUBECONFIG: kubeconfig } }), 'invalid-config', /sets no current-context/);
  });

  it('runs a working exec credential plugin once allowed, and its token reaches the server', async () => {
    const plugin = script('good-plugin', `#!/bin/sh\necho ran >> "${join(dir, 'plugin-ran')}"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"test-token-1234"}}'\n`);
    writeKubeconfig(dir, api.url, testCa().caPem, { token: 'wrong', extraUser: execUser('plugin-user', plugin) });
    const asked: CredentialHelper[] = [];
    const backend = testBackend(kubeconfig, { config: { context: 'staging', namespaces: ['shop'] }, allowCredentialHelper: (helper) => (asked.push(helper), Promise.resolve(true)) });
    const recorder = new SnapshotRecorder();
    const controller = new AbortController();
    const watching = backend.watch(recorder.push, controller.signal);
    const snapshot = await recorder.next((s) => !s.stale, 'a fresh snapshot');
    controller.abort();
    await watching;
    assert.equal(snapshot.workloads.length, 4);
    assert.equal(asked.length, 1, 'asked once per session');
    assert.deepEqual({ ...asked[0], kubeconfig: undefined }, { kind: 'exec', command: plugin, args: ['--cluster', 'test'], env: { PLUGIN_MODE: 'test' }, context: 'staging', user: 'plugin-user', source: 'user', kubeconfig: undefined });
    assert.ok(existsSync(join(dir, 'plugin-ran')));
  });

  it('an exec plugin the policy refuses never runs; one that fails is an unauthorized error with its message', async () => {
    const marker = join(dir, 'refused-ran');
    const refused = script('refused-plugin', `#!/bin/sh\ntouch "${marker}"\n`);
    writeKubeconfig(dir, api.url, testCa().caPem, { extraUser: execUser('plugin-user', refused) });
    const recorder = new SnapshotRecorder();
    const controller = new AbortController();
    const watching = testBackend(kubeconfig, { config: { context: 'staging' }, allowCredentialHelper: () => Promise.resolve(false) }).watch(recorder.push, controller.signal);
    const snapshot = await recorder.next((s) => s.error !== undefined, 'an error snapshot');
    controller.abort();
    await watching;
    assert.equal(snapshot.error?.reason, 'not-approved');
    assert.match(snapshot.error?.message ?? '', /context "staging" runs the credential plugin ".*refused-plugin --cluster test".*only in a trusted workspace once you approve it: .*choose "Allow" when asked/);
    assert.ok(!existsSync(marker), 'the refused plugin did not run');
    assert.deepEqual(api.requests, [], 'nothing reached the server');

    const failing = script('failing-plugin', '#!/bin/sh\necho "error: the SSO session has expired; run aws sso login" >&2\nexit 1\n');
    writeKubeconfig(dir, api.url, testCa().caPem, { extraUser: execUser('plugin-user', failing) });
    const backend = testBackend(kubeconfig, { config: { context: 'staging' } });
    await assert.rejects(backend.scale(webWorkload(), 2, new AbortController().signal), (error: unknown) => {
      assert.ok(DevopsError.is(error, 'unauthorized'), String(error));
      assert.match(error.message, /credential plugin of Kubernetes context "staging" \(.*failing-plugin\) failed: error: the SSO session has expired/);
      return true;
    });
  });

  it('in Restricted Mode nothing connects: the gate refuses before the library runs a plugin or sends a byte', async () => {
    const marker = join(dir, 'ran');
    const plugin = script('plugin', `#!/bin/sh\ntouch "${marker}"\n`);
    writeKubeconfig(dir, api.url, testCa().caPem, { extraUser: execUser('plugin-user', plugin) });
    const gate = new RecordingGate(true);
    const backend = testBackend(kubeconfig, { config: { context: 'staging' }, network: gate });
    await assert.rejects(backend.restart(webWorkload(), new AbortController().signal), (error: unknown) => DevopsError.is(error, 'untrusted'));
    assert.deepEqual(gate.refused, [`${api.url}/`]);
    assert.deepEqual(api.requests, []);
    assert.ok(!existsSync(marker));
  });

  it('a workspace kubeconfig is read inside the workspace only, and may not point at files outside it', async () => {
    const workspace = join(dir, 'repo');
    mkdirSync(workspace);
    writeFileSync(join(dir, 'token'), 'secret-of-the-user');
    const yaml = ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: c', '  cluster:', `    server: ${api.url}`, `    certificate-authority: ../ca.crt`, 'users:', '- name: u', '  user:', '    token: x', 'contexts:', '- name: here', '  context: {cluster: c, user: u}', 'current-context: here', ''].join('\n');
    writeFileSync(join(workspace, 'kubeconfig.yaml'), yaml);
    writeFileSync(join(dir, 'ca.crt'), testCa().caPem);
    await rejectsWith(openKubeSession({ config: { kubeconfig: 'kubeconfig.yaml' }, workspace, network: openNetwork }), 'forbidden', /certificate-authority ".*ca\.crt" leads outside the workspace/);
    await rejectsWith(openKubeSession({ config: { kubeconfig: '../elsewhere.yaml' }, workspace, network: openNetwork }), 'forbidden', /engines\.kubernetes\.kubeconfig "\.\.\/elsewhere\.yaml" leads outside the workspace/);
  });

  function script(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    chmodSync(file, 0o755);
    return file;
  }
});

function webWorkload(): import('../../../../src/core/engines/engineTypes').Workload {
  return { id: 'kubernetes/deployment/shop/web', engine: 'kubernetes', kind: 'deployment', group: { kind: 'namespace', name: 'shop' }, name: 'web', state: 'running', health: 'healthy', restarts: 0, members: [], labels: {} };
}

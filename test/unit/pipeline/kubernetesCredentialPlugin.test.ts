import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { CredentialHelper, CredentialHelperPolicy } from '../../../src/backends/engines/kubernetes/credentialHelper';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { createLocalPipeline, type LocalPipeline } from '../../../src/backends/pipeline/local/localPipeline';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { NetworkGate } from '../../../src/core/ports';
import type { FakeKubeApi } from '../engines/kubernetes/fakeKubeApi';
import { execUser, startShop, testCa, writeKubeconfig } from '../engines/kubernetes/testCluster';
import { RecordingGate } from '../http/recordingGate';
import { tempDir } from './pipelineTestKit';

// A Kubernetes target whose kubeconfig user gets its token from an exec credential plugin (a
// real script, as `aws eks get-token` is one), against the local HTTPS API server: what runs,
// Rollback… and deploys ask the pipeline's credential-plugin policy (in the editor, the live
// engines' one approval) once for the session, run the plugin only after a yes, and say how
// to approve after a no; in Restricted Mode the plugin neither runs nor is asked about.

const yaml = `version: 1
environments:
  production:
    target: { kubernetes: deployment/web, context: staging, namespace: shop }
    image: registry.example.com:5000/shop/web
    rolloutTimeout: 20s
`;

describe('Kubernetes targets behind an exec credential plugin', function () {
  this.timeout(30_000);
  let ws: ReturnType<typeof tempDir>;
  let api: FakeKubeApi;
  let plugin: string;
  let kubeconfig: string;
  let asked: CredentialHelper[];
  const pipelines: LocalPipeline[] = [];
  const ran = (): number => (existsSync(join(ws.path, 'plugin-ran')) ? readFileSync(join(ws.path, 'plugin-ran'), 'utf8').split('\n').filter(Boolean).length : 0);
  const pipelineWith = async (answer: boolean | undefined, network: NetworkGate = openNetwork): Promise<LocalPipeline> => {
    const { config, problems } = parseDevopsConfig(yaml, 'devops.yaml');
    assert.deepEqual(problems, []);
    const policy: CredentialHelperPolicy = (helper) => (asked.push(helper), Promise.resolve(answer ?? false));
    const pipeline = createLocalPipeline({ workspace: ws.path, config: config!, runner: new NodeProcessRunner({ isTrusted: () => true }), isTrusted: () => true, network, env: { KUBECONFIG: kubeconfig }, ...(answer !== undefined ? { allowCredentialHelper: policy } : {}) });
    pipelines.push(pipeline);
    await pipeline.load();
    return pipeline;
  };
  const rollback = (pipeline: LocalPipeline): ReturnType<LocalPipeline['run']> => pipeline.run({ deployTo: 'production', deployAction: { kind: 'rollback' } });
  const howToApprove = /^Kubernetes context "staging" runs the credential plugin ".*token-plugin --cluster test" \(user "sso-user" in your kubeconfig .*\)\. DevOps Loop starts it only in a trusted workspace once you approve it: trust this folder if it is in Restricted Mode, then try again \(Refresh, the deploy or rollback\) and choose "Allow" when asked to run the credential plugin of context staging\.$/;

  beforeEach(async () => {
    ws = tempDir('devops-kube-plugin-');
    await simpleGit(ws.path).init(['-b', 'main']);
    await simpleGit(ws.path).addConfig('user.name', 'Sam SSO').addConfig('user.email', 'sam@example.test');
    ({ api } = await startShop(ws.path));
    api.rollouts.stepMs = 20;
    plugin = join(ws.path, 'token-plugin');
    // Prints the token the fake server takes, as an ExecCredential (client.authentication.k8s.io/v1).
    writeFileSync(plugin, `#!/bin/sh\necho ran >> "${join(ws.path, 'plugin-ran')}"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"test-token-1234"}}'\n`);
    chmodSync(plugin, 0o755);
    kubeconfig = writeKubeconfig(ws.path, api.url, testCa().caPem, { token: 'not-this-one', extraUser: execUser('sso-user', plugin) });
    asked = [];
  });
  afterEach(async () => {
    pipelines.splice(0).forEach((p) => p.dispose());
    await api.close();
    ws.remove();
  });

  it('asks once, runs the plugin after a yes, and reads what runs and rolls back with its token', async () => {
    const pipeline = await pipelineWith(true);
    assert.equal(pipeline.environments.get('production')?.onTarget?.version, '2.4.1', pipeline.environments.get('production')?.targetError);
    const run = await rollback(pipeline);
    assert.equal(run.stages[0].status, 'succeeded', run.stages[0].reason);
    assert.equal(run.stages[0].reason, 'rolled production back to 2.4.0');
    assert.equal(asked.length, 1, 'one approval for the session: reading, rolling back and following');
    assert.deepEqual({ ...asked[0], kubeconfig: undefined }, { kind: 'exec', command: plugin, args: ['--cluster', 'test'], env: { PLUGIN_MODE: 'test' }, context: 'staging', user: 'sso-user', source: 'user', kubeconfig: undefined });
    assert.ok(ran() >= 1, 'the plugin ran');
  });

  it('after a no, or with no approval at all, refuses saying how to approve, and the plugin never runs', async () => {
    const declined = await pipelineWith(false);
    assert.match(declined.environments.get('production')?.targetError ?? '', howToApprove);
    const run = await rollback(declined);
    assert.equal(run.stages[0].status, 'failed');
    assert.match(run.stages[0].reason ?? '', howToApprove);
    assert.equal(asked.length, 2, 'asked again at the next use after a no');
    const none = await pipelineWith(undefined);
    assert.match(none.environments.get('production')?.targetError ?? '', howToApprove);
    assert.equal(ran(), 0);
    assert.deepEqual(api.requests, [], 'nothing reached the cluster');
  });

  it('in Restricted Mode neither asks nor runs the plugin', async () => {
    const gate = new RecordingGate(true);
    const pipeline = await pipelineWith(true, gate);
    assert.match(pipeline.environments.get('production')?.targetError ?? '', /Restricted Mode/);
    assert.deepEqual([asked.length, ran(), api.requests.length], [0, 0, 0]);
    assert.ok(gate.refused.length > 0);
  });
});

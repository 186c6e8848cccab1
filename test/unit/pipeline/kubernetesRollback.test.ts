import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { simpleGit } from 'simple-git';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { readDeployRecords } from '../../../src/backends/pipeline/local/deployAudit';
import { createLocalPipeline, type LocalPipeline } from '../../../src/backends/pipeline/local/localPipeline';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { FakeKubeApi } from '../engines/kubernetes/fakeKubeApi';
import { startShop } from '../engines/kubernetes/testCluster';
import { tempDir } from './pipelineTestKit';

// Rollback… of a Kubernetes target through the same run, confirmation and audit as a Swarm
// target's, against the local HTTPS API server: the Deployment's template goes back to the
// previous ReplicaSet's (as `kubectl rollout undo` does), the rollout is followed to its
// end, and a workload rolling out or without an earlier revision is refused by name.

const image = 'registry.example.com:5000/shop/web';
const yaml = `version: 1
environments:
  production:
    target: { kubernetes: deployment/web, context: prod, namespace: shop, container: web }
    image: ${image}
    protected: true
    rolloutTimeout: 20s
`;

describe('Rollback… of a Kubernetes target', function () {
  this.timeout(30_000);
  let ws: ReturnType<typeof tempDir>;
  let api: FakeKubeApi;
  let pipeline: LocalPipeline;
  const web = (): { image: string; annotations: Record<string, string> } => {
    const object = api.get('deployments', 'shop', 'web');
    const template = object?.spec?.template as { spec: { containers: { image: string }[] } };
    return { image: template.spec.containers[0]?.image ?? '', annotations: (object?.metadata.annotations ?? {}) as Record<string, string> };
  };
  const rollback = (confirmed = true): ReturnType<LocalPipeline['run']> => pipeline.run({ deployTo: 'production', deployAction: { kind: 'rollback' }, confirmedEnvironments: confirmed ? ['production'] : [] });

  beforeEach(async () => {
    ws = tempDir('devops-kube-rollback-');
    const git = simpleGit(ws.path);
    await git.init(['-b', 'main']);
    await git.addConfig('user.name', 'Rita Rollback').addConfig('user.email', 'rita@example.test');
    let kubeconfig: string;
    ({ api, kubeconfig } = await startShop(ws.path));
    api.rollouts.stepMs = 20;
    const { config, problems } = parseDevopsConfig(yaml, 'devops.yaml');
    assert.deepEqual(problems, []);
    pipeline = createLocalPipeline({ workspace: ws.path, config: config!, runner: new NodeProcessRunner({ isTrusted: () => true }), isTrusted: () => true, network: openNetwork, env: { KUBECONFIG: kubeconfig } });
    await pipeline.load();
  });
  afterEach(async () => {
    pipeline.dispose();
    await api.close();
    ws.remove();
  });

  it('returns the Deployment to the previous ReplicaSet\'s template, only when confirmed, follows it and records it like a deploy', async () => {
    await pipeline.readTargets('production');
    assert.deepEqual(pipeline.environments.get('production')?.onTarget?.previous, { image: `${image}:2.4.0`, version: '2.4.0' }, 'the row knows what Rollback… returns to');

    await assert.rejects(rollback(false), (error: Error & { reason?: string }) => error.reason === 'forbidden');
    assert.equal(web().image, `${image}:2.4.1`, 'an unconfirmed rollback changes nothing');

    const run = await rollback();
    const stage = run.stages[0];
    const log = readFileSync(stage.logFile, 'utf8');
    assert.equal(stage.name, 'rollback-production');
    assert.equal(stage.status, 'succeeded', `${stage.reason}\n${log}`);
    assert.equal(stage.reason, 'rolled production back to 2.4.0');
    assert.match(log, /Rolling Kubernetes deployment\/web in namespace shop back to its previous revision/);
    assert.match(log, /deployment\/web: \S+:2\.4\.1 → \S+:2\.4\.0 \(revision 3\)/);
    assert.match(log, /3 updated, 3 ready, 3 available of 3/);
    assert.equal(web().image, `${image}:2.4.0`);
    assert.equal(web().annotations['deployment.kubernetes.io/revision'], '5', 'revision 3 came back as revision 5, as kubectl rollout undo does');
    assert.equal(web().annotations['devops-loop.deploy/by'], 'Rita Rollback');
    const undo = api.bodies.find((b) => b.contentType === 'application/json-patch+json')?.body as { op: string; path: string; value: { metadata: { labels: Record<string, string> } } }[];
    assert.equal(undo.find((op) => op.path === '/spec/template')?.value.metadata.labels['pod-template-hash'], undefined, 'the hash label stays on the ReplicaSet');

    const last = (await readDeployRecords(pipeline.deployer.auditFile)).records.at(-1);
    assert.deepEqual([last?.action, last?.version, last?.result, last?.who], ['rollback', '2.4.0', 'succeeded', 'Rita Rollback']);
    await pipeline.readTargets('production');
    const after = pipeline.environments.get('production')?.onTarget;
    assert.equal(after?.version, '2.4.0', 'the row reads the rolled-back version from the cluster');
    assert.deepEqual(after?.previous, { image: `${image}:2.4.1`, version: '2.4.1' }, 'a second Rollback… would undo the first, as kubectl does');
  });

  it('refuses while the Deployment rolls out and when it has no earlier revision, naming it and recording nothing', async () => {
    const object = api.get('deployments', 'shop', 'web');
    assert.ok(object);
    api.put('deployments', { ...object, metadata: { ...object.metadata, generation: 5 } });
    const busy = await rollback();
    assert.equal(busy.stages[0].status, 'failed');
    assert.match(busy.stages[0].reason ?? '', /^Kubernetes deployment\/web in namespace shop is already rolling out \(the controller has not yet seen the newest change\)/);

    api.put('deployments', object);
    for (const rs of ['web-6c8f7d9b4c', 'web-59b7c6d8f7']) api.remove('replicasets', 'shop', rs);
    const none = await rollback();
    assert.equal(none.stages[0].status, 'failed');
    assert.equal(none.stages[0].reason, 'deployment/web in namespace shop has no earlier revision to roll back to');
    assert.equal(api.bodies.filter((b) => b.method === 'PATCH').length, 0, 'nothing was patched');
    assert.equal((await readDeployRecords(pipeline.deployer.auditFile)).records.length, 0, 'a refused rollback is not in the audit');
    await pipeline.readTargets('production');
    assert.equal(pipeline.environments.get('production')?.onTarget?.previous, undefined, 'the row offers no Rollback… then');
  });
});

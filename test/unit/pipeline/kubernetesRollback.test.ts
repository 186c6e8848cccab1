import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { simpleGit } from 'simple-git';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { createEngineAccess } from '../../../src/backends/pipeline/engineAccess';
import { readDeployRecords } from '../../../src/backends/pipeline/local/deployAudit';
import { createLocalPipeline, type LocalPipeline } from '../../../src/backends/pipeline/local/localPipeline';
import { deployToTarget } from '../../../src/backends/pipeline/swarm/targetDeploy';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { DevopsConfig } from '../../../src/core/config/schema';
import type { FakeKubeApi } from '../engines/kubernetes/fakeKubeApi';
import { startShop } from '../engines/kubernetes/testCluster';
import { tempDir } from './pipelineTestKit';

// Rollback… of a Kubernetes target through the same run, confirmation and audit as a Swarm
// target's, against the local HTTPS API server: the Deployment's template goes back to the
// previous ReplicaSet's (as `kubectl rollout undo` does), the rollout is followed to its
// end, and a workload rolling out or without an earlier revision is refused by name. A
// StatefulSet goes back to its previous ControllerRevision, by hand and with rollback: auto.

const image = 'registry.example.com:5000/shop/web';
const yaml = `version: 1
environments:
  production:
    target: { kubernetes: deployment/web, context: prod, namespace: shop, container: web }
    image: ${image}
    protected: true
    rolloutTimeout: 20s
  db:
    target: { kubernetes: statefulset/db, context: prod, namespace: shop, container: postgres }
    image: registry.example.com:5000/shop/postgres
    rollback: auto
    rolloutTimeout: 20s
`;

describe('Rollback… of a Kubernetes target', function () {
  this.timeout(30_000);
  let ws: ReturnType<typeof tempDir>;
  let api: FakeKubeApi;
  let pipeline: LocalPipeline;
  let config: DevopsConfig;
  let kubeconfig: string;
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
    ({ api, kubeconfig } = await startShop(ws.path));
    api.rollouts.stepMs = 20;
    const parsed = parseDevopsConfig(yaml, 'devops.yaml');
    assert.deepEqual(parsed.problems, []);
    config = parsed.config!;
    pipeline = createLocalPipeline({ workspace: ws.path, config, runner: new NodeProcessRunner({ isTrusted: () => true }), isTrusted: () => true, network: openNetwork, env: { KUBECONFIG: kubeconfig } });
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

  const db = (): { images: string[]; status: Record<string, unknown> } => {
    const object = api.get('statefulsets', 'shop', 'db');
    return { images: (object?.spec?.template as { spec: { containers: { image: string }[] } }).spec.containers.map((c) => c.image), status: object?.status ?? {} };
  };
  const revisionOf = (name: string): unknown => (api.get('controllerrevisions', 'shop', name) as { revision?: number } | undefined)?.revision;

  it('returns a StatefulSet to its previous ControllerRevision, and the row reads its history from them', async () => {
    await pipeline.readTargets('db');
    const before = pipeline.environments.get('db')?.onTarget;
    assert.deepEqual(before?.history?.map((h) => [h.revision, h.image]), [[2, 'postgres'], [1, 'postgres:16.1']]);
    assert.deepEqual(before?.previous, { image: 'postgres:16.1', version: '16.1' });

    const run = await pipeline.run({ deployTo: 'db', deployAction: { kind: 'rollback' } });
    const stage = run.stages[0];
    assert.equal(stage.status, 'succeeded', `${stage.reason}\n${readFileSync(stage.logFile, 'utf8')}`);
    assert.equal(stage.reason, 'rolled db back to 16.1');
    assert.deepEqual(db().images, ['postgres:16.1', 'quay.io/prometheuscommunity/postgres-exporter:v0.14.0'], 'the whole template came back, not only the one image');
    assert.equal(revisionOf('db-7b8c6d5f4'), 3, 'revision 1 came back as revision 3, as the StatefulSet controller numbers it');
    assert.deepEqual([db().status.updateRevision, db().status.currentRevision], ['db-7b8c6d5f4', 'db-7b8c6d5f4']);
    await pipeline.readTargets('db');
    const after = pipeline.environments.get('db')?.onTarget;
    assert.equal(after?.version, '16.1');
    assert.equal(after?.previous?.image.startsWith('postgres@sha256:'), false, 'the digest is dropped');
    assert.deepEqual(after?.history?.map((h) => h.revision), [3, 2]);
  });

  it('rolls a StatefulSet whose new image fails back to its previous ControllerRevision with rollback: auto', async () => {
    const bad = 'registry.example.com:5000/shop/postgres:9.9.9';
    api.rollouts.badImages.add(bad);
    const engines = createEngineAccess(undefined, { network: openNetwork, env: { KUBECONFIG: kubeconfig } });
    const said: string[] = [];
    const outcome = await deployToTarget(engines, { environment: 'db', config: config.environments.db, version: '9.9.9', who: 'ada@shop.example', say: (text) => said.push(text), signal: new AbortController().signal, pollMs: 20 });
    assert.equal(outcome.ok, false);
    assert.match(outcome.reason, /^the rollout failed \(ReplicaSet "db" has timed out progressing\.\); rolled back to revision 2 \(postgres@sha256:4c5a0ff3/, said.join(' | '));
    assert.match(db().images[0] ?? '', /^postgres@sha256:4c5a0ff3/);
    assert.equal(revisionOf('db-5f7c9d8b6'), 4);
    assert.equal(db().status.updateRevision, 'db-5f7c9d8b6', 'the StatefulSet runs the revision it was rolled back to');
  });
});

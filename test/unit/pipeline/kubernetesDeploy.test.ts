import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineAccess, type EngineAccess } from '../../../src/backends/pipeline/engineAccess';
import { checkTargetFree, deployToTarget, readTarget } from '../../../src/backends/pipeline/swarm/targetDeploy';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { EnvironmentConfig } from '../../../src/core/config/schema';
import { DevopsError } from '../../../src/core/errors';
import type { FakeKubeApi } from '../engines/kubernetes/fakeKubeApi';
import { startShop } from '../engines/kubernetes/testCluster';

// Deploys to a Kubernetes target against the local HTTPS API server: the image patched at
// the read resourceVersion, the rollout followed from the Deployment's status, a failing
// image rolled back to the previous ReplicaSet, a rollout in progress or a concurrent
// change refused with a clear message, and what runs read back from the cluster.

const image = 'registry.example.com:5000/shop/web';

function environment(target: string, extra = ''): EnvironmentConfig {
  const parsed = parseDevopsConfig(`version: 1\nenvironments:\n  production:\n    target: ${target}\n    image: ${image}\n    rolloutTimeout: 20s\n${extra}`, 'devops.yaml');
  assert.deepEqual(parsed.problems, []);
  const config = parsed.config?.environments.production;
  assert.ok(config);
  return config;
}

describe('Kubernetes deploy target', function () {
  this.timeout(20_000);
  let dir: string;
  let api: FakeKubeApi;
  let engines: EngineAccess;
  let said: string[];
  const signal = new AbortController().signal;
  const deploy = (config: EnvironmentConfig, version: string): ReturnType<typeof deployToTarget> =>
    deployToTarget(engines, { environment: 'production', config, version, who: 'ada@shop.example', say: (text) => said.push(text), signal, pollMs: 20 });
  const web = (): { image: string; annotations: Record<string, string> } => {
    const object = api.get('deployments', 'shop', 'web');
    const template = object?.spec?.template as { spec: { containers: { image: string }[] } };
    return { image: template.spec.containers[0]?.image ?? '', annotations: (object?.metadata.annotations ?? {}) as Record<string, string> };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devops-kube-deploy-'));
    let kubeconfig: string;
    ({ api, kubeconfig } = await startShop(dir));
    api.rollouts.stepMs = 20;
    engines = createEngineAccess(undefined, { network: openNetwork, env: { KUBECONFIG: kubeconfig } });
    said = [];
  });
  afterEach(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('patches the container image at the read resourceVersion, records who and what, and follows the rollout until it converged', async () => {
    // Steps far apart, so the follower sees the rollout move (not only its end).
    api.rollouts.stepMs = 150;
    const before = api.get('deployments', 'shop', 'web')?.metadata.resourceVersion;
    const outcome = await deploy(environment('{ kubernetes: deployment/web, context: prod, namespace: shop, container: web }'), '2.5.0');
    assert.deepEqual(outcome, { ok: true, reason: `deployment/web runs ${image}:2.5.0` });
    const patch = api.bodies.find((b) => b.method === 'PATCH');
    assert.equal(patch?.contentType, 'application/strategic-merge-patch+json');
    const sent = patch?.body as { metadata: { resourceVersion: string }; spec: { template: { spec: { containers: unknown[] } } } };
    assert.equal(sent.metadata.resourceVersion, before);
    assert.deepEqual(sent.spec.template.spec.containers, [{ name: 'web', image: `${image}:2.5.0` }]);
    const now = web();
    assert.equal(now.image, `${image}:2.5.0`);
    assert.equal(now.annotations['devops-loop.deploy/version'], '2.5.0');
    assert.equal(now.annotations['devops-loop.deploy/by'], 'ada@shop.example');
    assert.equal(now.annotations['deployment.kubernetes.io/revision'], '5', 'the controller made revision 5');
    assert.ok(said.some((line) => /: 1 updated, \d ready/.test(line)), `progress lines: ${said.join(' | ')}`);
    assert.match(said.at(-1) ?? '', /3 updated, 3 ready, 3 available of 3/);
  });

  it('rolls a failing image back to the previous ReplicaSet with rollback: auto, and says how without it', async () => {
    api.rollouts.badImages.add(`${image}:9.9.9`);
    const outcome = await deploy(environment('{ kubernetes: deployment/web }', '    rollback: auto\n'), '9.9.9');
    assert.equal(outcome.ok, false);
    assert.match(outcome.reason, /the rollout failed \(ReplicaSet "web" has timed out progressing\.\); rolled back to revision 4 \(registry\.example\.com:5000\/shop\/web:2\.4\.1\)/);
    assert.equal(web().image, `${image}:2.4.1`);
    const undo = api.bodies.find((b) => b.contentType === 'application/json-patch+json')?.body as { op: string; path: string; value: { metadata: { labels: Record<string, string> } } }[];
    assert.equal(undo.find((op) => op.path === '/spec/template')?.value.metadata.labels['pod-template-hash'], undefined, 'the hash label stays on the ReplicaSet');
    assert.equal(web().annotations['deployment.kubernetes.io/revision'], '6', 'revision 4 came back as revision 6, as kubectl rollout undo does');
    const state = await readTarget(engines, environment('{ kubernetes: deployment/web }'), signal);
    assert.equal(state?.image, `${image}:2.4.1`);
    assert.equal(state?.version, '2.4.1');

    said = [];
    api.rollouts.badImages.add(`${image}:9.9.8`);
    const manual = await deploy(environment('{ kubernetes: deployment/web }'), '9.9.8');
    assert.equal(manual.ok, false);
    assert.match(manual.reason, /left as it is \(roll back with Rollback… on its environment, `devops-loop rollback`, or `kubectl rollout undo deployment\/web -n shop --context prod`\)/);
    assert.equal(web().image, `${image}:9.9.8`);
  });

  it('refuses while the workload rolls out, naming it, and changes nothing', async () => {
    const object = api.get('deployments', 'shop', 'web');
    assert.ok(object);
    api.put('deployments', { ...object, metadata: { ...object.metadata, generation: 5 }, status: { ...object.status, updatedReplicas: 1 } });
    const config = environment('{ kubernetes: deployment/web }');
    await assert.rejects(checkTargetFree(engines, config, signal), (e: unknown) => DevopsError.is(e, 'conflict') && /deployment\/web in namespace shop is already rolling out/.test(e.message));
    const outcome = await deploy(config, '2.5.0');
    assert.equal(outcome.ok, false);
    assert.match(outcome.reason, /deployment\/web in namespace shop is already rolling out \(the controller has not yet seen the newest change\)/);
    assert.equal(api.bodies.filter((b) => b.method === 'PATCH').length, 0);
  });

  it('says clearly when someone changed the workload between the read and the patch, and records nothing', async () => {
    api.rollouts.changeBeforeNextPatch = true;
    const outcome = await deploy(environment('{ kubernetes: deployment/web }'), '2.5.0');
    assert.deepEqual(outcome, { ok: false, reason: 'deployment/web in namespace shop was changed by someone else since it was read; nothing was deployed, deploy again to use the newest state' });
    assert.equal(web().image, `${image}:2.4.1`);
    assert.equal(web().annotations['devops-loop.deploy/version'], undefined);
  });

  it('reads what runs: image, version and who from the annotations, ready replicas, and the ReplicaSet history', async () => {
    const config = environment('{ kubernetes: deployment/web }');
    const untouched = await readTarget(engines, config, signal);
    assert.deepEqual(untouched, {
      target: 'kubernetes shop/deployment/web',
      image: `${image}:2.4.1`,
      version: '2.4.1',
      replicas: { running: 2, desired: 3 },
      rollout: 'completed',
      previous: { image: `${image}:2.4.0`, version: '2.4.0' },
      history: [
        { revision: 4, image: `${image}:2.4.1`, version: '2.4.1', createdAt: '2026-02-12T13:58:02Z' },
        { revision: 3, image: `${image}:2.4.0`, version: '2.4.0', createdAt: '2026-02-05T09:12:40Z' },
        { revision: 2, image: `${image}:2.3.2`, version: '2.3.2', createdAt: '2026-01-28T16:45:13Z' },
      ],
    });
    await deploy(config, '2.5.0-rc.1');
    const after = await readTarget(engines, config, signal);
    assert.equal(after?.version, '2.5.0-rc.1');
    assert.equal(after?.changedBy, 'ada@shop.example');
    assert.ok(after?.changedAt && Date.now() - Date.parse(after.changedAt) < 60_000);
    assert.deepEqual(after?.replicas, { running: 3, desired: 3 });
    assert.deepEqual(after?.history?.map((h) => [h.revision, h.version]), [[5, '2.5.0-rc.1'], [4, '2.4.1'], [3, '2.4.0'], [2, '2.3.2']]);
  });

  it('names the containers when a StatefulSet has several and the target names none, and a missing workload', async () => {
    const outcome = await deploy(environment('{ kubernetes: statefulset/db }'), '16.2');
    assert.equal(outcome.reason, 'statefulset/db in namespace shop has 2 containers (postgres, exporter); name one with `container:` in the target');
    const missing = await deploy(environment('{ kubernetes: deployment/nope, namespace: shop }'), '1.0.0');
    assert.equal(missing.reason, 'there is no deployment/nope in namespace shop (context prod)');
    const converged = await deploy(environment('{ kubernetes: statefulset/db, container: exporter }'), '0.16.0');
    assert.equal(converged.ok, true, converged.reason);
  });
});

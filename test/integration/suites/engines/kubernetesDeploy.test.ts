import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { PipelineQuestion } from '../../../../src/vscode/pipeline/pipelineQuestions';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { FakeKubeApi } from '../../../unit/engines/kubernetes/fakeKubeApi';
import { execUser, startShop, testCa, writeKubeconfig } from '../../../unit/engines/kubernetes/testCluster';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { withPipelineConfig } from './engineEnvironment';
import { answerApprovals, answerDeploys, failures, subjects } from '../empty/recordedPrompts';

// Deploy to a Kubernetes target inside the editor, against the local HTTPS API server with
// the shop fixtures reached through a kubeconfig inside the (trusted) workspace: "Deploy"
// patches the Deployment's container image to the release version, follows its rollout, and
// the environment's row shows the version the cluster says runs there. Rollback… on the row,
// through the protected environment's confirmation, returns the Deployment to its previous
// ReplicaSet's template and the row to the version before. A context whose user runs an exec
// credential plugin is approved once, in the live engines' dialog, for the Services view and
// the deploy alike.

const ENVIRONMENT = 'kube-production';
const IMAGE = 'registry.example.com:5000/shop/web';

describe('deploy to a Kubernetes Deployment from the Pipeline', function () {
  this.timeout(120_000);
  let api: DevopsTestApi;
  let cluster: FakeKubeApi;
  let restoreConfig: (() => Promise<void>) | undefined;
  let questions: PipelineQuestion[];
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');

  before(async () => {
    api = await activateExtension();
    answerApprovals(api, () => true);
    questions = [];
    answerDeploys(api, (question) => (questions.push(question), true));
    const kube = path.join(workspaceRoot().fsPath, 'kube');
    mkdirSync(kube, { recursive: true });
    cluster = (await startShop(kube)).api;
    restoreConfig = await withPipelineConfig(api, (doc) => {
      doc.set('engines', { kubernetes: { kubeconfig: 'kube/config', context: 'prod', namespaces: ['shop'] } });
      doc.setIn(['environments', ENVIRONMENT], { target: { kubernetes: 'deployment/web', context: 'prod', namespace: 'shop', container: 'web' }, image: IMAGE, rollback: 'auto', rolloutTimeout: '60s', protected: true });
    });
  });

  after(async () => {
    answerApprovals(api, undefined);
    answerDeploys(api, undefined);
    api.prompts.answer('engines.credentialHelper', undefined);
    await restoreConfig?.();
    await cluster?.close();
  });

  it('shows what runs before, deploys the release version, and the row shows the version the cluster runs', async () => {
    await waitFor('the environment row with the version running before', () => {
      const found = api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`);
      return found?.description?.includes('runs 2.4.1') ? found : undefined;
    }, 30_000);
    const deployed = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', ENVIRONMENT);
    assert.equal(deployed?.status, 'succeeded', deployed?.stages[0]?.reason ?? failures(api).at(-1)?.text);
    const web = cluster.get('deployments', 'shop', 'web');
    const template = web?.spec?.template as { spec: { containers: { name: string; image: string }[] } };
    assert.equal(template.spec.containers[0]?.image, `${IMAGE}:1.4.0`);
    assert.equal((web?.metadata.annotations as Record<string, string>)['devops-loop.deploy/version'], '1.4.0');
    const row = await waitFor('the environment row with the deployed version', () => {
      const found = api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`);
      return found?.description?.includes('runs 1.4.0') ? found : undefined;
    }, 30_000);
    assert.match(row.description ?? '', /runs 1\.4\.0 · 3\/3 · /);
  });

  it('Rollback… on the row, once confirmed, returns the Deployment to the previous revision and the row to the version before', async () => {
    const before = await waitFor('the row offering Rollback…', () => {
      const found = api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`);
      return found && /\brollbackable\b/.test(api.views.pipeline.getTreeItem(found).contextValue ?? '') ? found : undefined;
    }, 30_000);
    questions = [];
    const run = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.rollback', before);
    assert.equal(run?.status, 'succeeded', run?.stages[0]?.reason ?? failures(api).at(-1)?.text);
    assert.equal(run?.stages[0]?.name, `rollback-${ENVIRONMENT}`);
    assert.deepEqual(questions.map((q) => (q.kind === 'confirmDeploy' ? q.change?.text : q.kind)), [`Roll back ${ENVIRONMENT} from 1.4.0 to 2.4.1`]);
    const template = cluster.get('deployments', 'shop', 'web')?.spec?.template as { spec: { containers: { image: string }[] } };
    assert.equal(template.spec.containers[0]?.image, `${IMAGE}:2.4.1`);
    await waitFor('the environment row with the version before', () => {
      const found = api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`);
      return found?.description?.includes('runs 2.4.1') ? found : undefined;
    }, 30_000);
    const newest = api.pipeline.environment(ENVIRONMENT)?.history[0];
    assert.deepEqual([newest?.action, newest?.version, newest?.result], ['rollback', '2.4.1', 'succeeded']);
  });

  it('a context whose user runs an exec credential plugin is approved once, in one dialog, for the live engines and the deploy', async () => {
    const kube = path.join(workspaceRoot().fsPath, 'kube');
    const plugin = path.join(kube, 'sso-token');
    const ran = path.join(kube, 'plugin-ran');
    writeFileSync(plugin, `#!/bin/sh\necho ran >> "${ran}"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"test-token-1234"}}'\n`);
    chmodSync(plugin, 0o755);
    writeKubeconfig(kube, cluster.url, testCa().caPem, { extraUser: execUser('sso-user', plugin) });
    api.prompts.answer('engines.credentialHelper', () => 'Allow');
    const doc = parseDocument(await readText(configUri()));
    doc.setIn(['engines', 'kubernetes', 'context'], 'staging');
    doc.setIn(['environments', ENVIRONMENT, 'target', 'context'], 'staging');
    await writeText(configUri(), doc.toString());
    await api.config.reload();
    await waitFor('the live engines asking to run the plugin', () => subjects(api, 'engines.credentialHelper').length > 0 || undefined, 30_000);
    const deployed = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', ENVIRONMENT);
    assert.equal(deployed?.status, 'succeeded', deployed?.stages[0]?.reason ?? failures(api).at(-1)?.text);
    await waitFor('the row read through the plugin', () => api.views.pipeline.findRow(`pipeline/env/${ENVIRONMENT}`)?.description?.includes('runs 1.4.0') || undefined, 30_000);
    assert.deepEqual(subjects(api, 'engines.credentialHelper'), [{ context: 'staging', command: `${plugin} --cluster test` }], 'one dialog for the engines and the deploy');
    assert.ok(existsSync(ran), 'the plugin ran');
  });
});

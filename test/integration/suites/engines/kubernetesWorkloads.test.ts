import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { CommandId } from '../../../../src/vscode/commands/commandTable';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { FakeKubeApi } from '../../../unit/engines/kubernetes/fakeKubeApi';
import { startShop } from '../../../unit/engines/kubernetes/testCluster';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { rowById } from './servicesViewRows';

// The Services view on a Kubernetes API: a local HTTPS server that speaks the API (list,
// watch, scale, patch, delete) with the shop fixtures, reached through a kubeconfig inside
// the workspace. A context the kubeconfig lacks is a clear row; the Deployment shows with its
// pods and autoscaler; Restart is a rollout restart and Delete Pod deletes exactly that pod;
// Port Forward… relays a local port to a pod over the API's portforward WebSocket, and
// Open Shell on a pod runs a shell through its exec subresource.

const WEB = 'workload/kubernetes/deployment/shop/web';

describe('live workloads of a Kubernetes API', function () {
  this.timeout(120_000);
  let api: DevopsTestApi;
  let cluster: FakeKubeApi;
  let original: string;
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');

  async function useContext(context: string): Promise<void> {
    const doc = parseDocument(original);
    doc.set('engines', { kubernetes: { kubeconfig: 'kube/config', context, namespaces: ['shop'] } });
    await writeText(configUri(), doc.toString());
    await api.config.reload();
  }

  before(async () => {
    api = await activateExtension();
    const kube = path.join(workspaceRoot().fsPath, 'kube');
    mkdirSync(kube, { recursive: true });
    cluster = (await startShop(kube)).api;
    original = await readText(configUri());
    await vscode.commands.executeCommand('devops.services.focus');
  });

  after(async () => {
    api.prompts.answer('engines', undefined);
    if (original !== undefined) await writeText(configUri(), original);
    await api?.config.reload();
    await cluster?.close();
  });

  it('says which context the kubeconfig lacks, in the engine row', async () => {
    await useContext('nowhere');
    const engine = await waitFor('the engine row with its problem', () => {
      const row = rowById(api, 'engines/kubernetes:nowhere');
      return row?.description?.includes('configuration problem') ? row : undefined;
    }, 30_000);
    assert.equal(engine.iconColor, 'errorForeground');
    const detail = api.views.services.getChildren(engine).find((row) => row.id.endsWith('/error'));
    assert.match(detail?.label ?? '', /nowhere/, `the row names the context: ${detail?.label}`);
  });

  it('charts CPU and memory per workload from the metrics API, and only notes a cluster without it', async () => {
    cluster.freshMetrics = true;
    await useContext('prod');
    await vscode.commands.executeCommand(CommandId.showMonitor);
    // pod-metrics.json: web's pods use 462113447n + 251m of CPU and 183224Ki + 120Mi of memory; db's containers 120m + 5m and 512Mi + 20Mi.
    const cpu = await waitFor('the Kubernetes CPU chart with web and db', () => {
      const chart = api.monitor.snapshot.charts.find((c) => c.id === 'kubernetes/cpu');
      return chart?.lines?.some((l) => l.label === 'shop/web') && chart.lines.some((l) => l.label === 'shop/db') ? chart : undefined;
    }, 30_000).catch((error: unknown) => assert.fail(`${String(error)}; charts: ${JSON.stringify(api.monitor.snapshot.charts.map((c) => ({ id: c.id, error: c.error, lines: c.lines?.map((l) => l.label) })))}`));
    assert.equal(cpu.unit, '%');
    assert.equal(cpu.lines?.find((l) => l.label === 'shop/web')?.values.at(-1), 71.3, 'the pods of web summed, in percent of one core');
    assert.equal(cpu.lines?.find((l) => l.label === 'shop/db')?.values.at(-1), 12.5);
    const memory = api.monitor.snapshot.charts.find((c) => c.id === 'kubernetes/memory');
    assert.equal(memory?.lines?.find((l) => l.label === 'shop/web')?.values.at(-1), 298.9, 'MB of both web pods');
    assert.equal(memory?.lines?.find((l) => l.label === 'shop/db')?.values.at(-1), 532);
    assert.ok(!api.monitor.snapshot.charts.some((c) => c.id === 'engine/cpu'), 'no Docker chart without a Docker engine');
    assert.equal(api.monitor.snapshot.notes, undefined);

    // The staging context on a cluster without metrics-server: its first read of the metrics API answers 404.
    cluster.metricsEnabled = false;
    await useContext('staging');
    const noted = await waitFor('a note that the cluster has no metrics API, and no Kubernetes chart', () => {
      const snapshot = api.monitor.snapshot;
      return snapshot.notes?.length && !snapshot.charts.some((c) => c.id.startsWith('kubernetes/')) ? snapshot : undefined;
    }, 30_000).catch((error: unknown) => assert.fail(`${String(error)}; notes: ${JSON.stringify(api.monitor.snapshot.notes)}; charts: ${JSON.stringify(api.monitor.snapshot.charts.filter((c) => c.id.startsWith('kubernetes/')))}; metrics requests: ${cluster.requests.filter((r) => r.includes('metrics.k8s.io')).slice(-3).join(' | ')}`));
    assert.equal(noted.notes?.length, 1);
    assert.match(noted.notes?.[0] ?? '', /Kubernetes context "staging" has no metrics API \(metrics\.k8s\.io\)/);
    assert.deepEqual(noted.charts.filter((c) => c.error && /^(kubernetes|engine)\//.test(c.id)), [], 'no engine chart shows an error');
    cluster.metricsEnabled = true;
  });

  it('shows the Deployment with its pods and autoscaler, rolls it out again and deletes one pod', async () => {
    await useContext('prod');
    const web = await waitFor('the web Deployment', () => rowById(api, WEB), 30_000);
    assert.match(web.description ?? '', /ready/);
    // Markdown keeps the text's spaces as &nbsp;.
    const tooltip = (typeof web.tooltip === 'string' ? web.tooltip : (web.tooltip?.value ?? '')).replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Autoscaler web: min 2, max 3, current 3, desired 3/);
    assert.match(tooltip, /cpu: 92% against a target of 70%/);
    assert.match(web.contextValue, /\brestartable\b/);
    api.prompts.answer('engines.restart.confirm', () => 'Rollout restart');
    await vscode.commands.executeCommand(CommandId.engineRestart, web);
    assert.ok(cluster.bodies.some((b) => b.method === 'PATCH' && b.path === '/apis/apps/v1/namespaces/shop/deployments/web'), 'the rollout restart patched the Deployment');
    const pod = api.views.services.getChildren(web).find((row) => row.label === 'web-7d9c8b6f5d-q4h7w');
    assert.ok(pod, 'the pod is a row under its Deployment');
    assert.match(pod.contextValue, /^workload-member\b.*\bmember-deletable\b/);
    api.prompts.answer('engines.deleteMember.confirm', () => 'Delete Pod');
    await vscode.commands.executeCommand(CommandId.engineDeleteMember, pod);
    const deleted = cluster.bodies.find((b) => b.method === 'DELETE');
    assert.deepEqual(deleted?.body, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'a1000000-0000-4000-8000-000000000003' } });
    await waitFor('the pod gone from the row', () => !api.views.services.getChildren(rowById(api, WEB) ?? web).some((row) => row.label === 'web-7d9c8b6f5d-q4h7w'), 30_000);
  });

  it('forwards a local port to a pod of the Deployment, shows the URL, and stops when asked', async () => {
    await useContext('prod');
    const web = await waitFor('the web Deployment offering a port-forward', () => {
      const row = rowById(api, WEB);
      return row && /\bport-forward\b/.test(row.contextValue) ? row : undefined;
    }, 30_000);
    // A real HTTP server stands in for the pod's port; the API server relays to it as the kubelet would.
    const pod = createServer((req, res) => res.end(`pod web answers ${req.url}`));
    await new Promise<void>((resolve) => pod.listen(0, '127.0.0.1', resolve));
    cluster.servePodPort('shop', 'web-7d9c8b6f5d-2xkqp', 8080, (pod.address() as AddressInfo).port);
    try {
      api.prompts.answer('engines.portForward.port', () => '8080');
      api.prompts.answer('engines.portForward.confirm', () => 'Forward');
      api.prompts.answer('engines.portForward.started', () => undefined);
      await vscode.commands.executeCommand(CommandId.enginePortForward, web);
      const forward = api.engines.portForwards.find((f) => f.workloadId === 'kubernetes/deployment/shop/web');
      assert.ok(forward, 'the forward is running');
      assert.equal(forward.member, 'web-7d9c8b6f5d-2xkqp');
      const told = api.prompts.log.filter((p) => p.topic === 'engines.portForward.started').at(-1);
      assert.equal(told?.text, `Forwarding ${forward.url} to web-7d9c8b6f5d-2xkqp:8080.`);
      const answer = await fetch(`${forward.url}orders`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(await answer.text(), 'pod web answers /orders');
      assert.equal(api.contextKey('devops.portForwards'), true);
      await vscode.commands.executeCommand(CommandId.engineStopPortForward);
      assert.equal(api.engines.portForwards.length, 0);
      assert.equal(api.contextKey('devops.portForwards'), false);
      await assert.rejects(fetch(forward.url, { signal: AbortSignal.timeout(5000) }), 'nothing listens once stopped');
    } finally {
      pod.closeAllConnections();
      await new Promise<void>((resolve) => pod.close(() => resolve()));
    }
  });

  it('opens a shell in a pod of the Deployment from its row, through the exec subresource', async () => {
    await useContext('prod');
    const web = await waitFor('the web Deployment', () => rowById(api, WEB), 30_000);
    const pod = api.views.services.getChildren(web).find((row) => row.label === 'web-7d9c8b6f5d-2xkqp');
    assert.match(pod?.contextValue ?? '', /^workload-member\b.*\bshell\b/, 'the running pod offers a shell');
    api.prompts.answer('engines.shell.confirm', () => 'Open Shell');
    await vscode.commands.executeCommand(CommandId.engineOpenShell, pod);
    const name = 'Shell: web-7d9c8b6f5d-2xkqp';
    const terminal = await waitFor('the shell terminal', () => vscode.window.terminals.find((t) => t.name === name));
    const shell = await waitFor('the shell in the seam', () => api.engines.shells.find((s) => s.name === name));
    const token = Math.random().toString(36).slice(2, 10);
    terminal.sendText(`echo pod-${token}-$((6*7))`);
    await waitFor('the answer of the shell', () => shell.output.includes(`pod-${token}-42`), 20_000);
    terminal.sendText('exit 4');
    assert.deepEqual(await waitFor('the shell ended', () => shell.ended, 20_000), { code: 4 });
    const exec = cluster.execs.at(-1);
    assert.equal(exec?.pod, 'web-7d9c8b6f5d-2xkqp');
    assert.equal(exec.tty, true);
    assert.equal(exec.container || undefined, undefined, 'one container: no -c, the pod\'s own');
    terminal.dispose();
  });

  it('asks which container of a pod with several, and opens the shell in that one', async () => {
    await useContext('prod');
    const db = await waitFor('the db StatefulSet', () => rowById(api, 'workload/kubernetes/statefulset/shop/db'), 30_000);
    const pod = api.views.services.getChildren(db).find((row) => row.label === 'db-0');
    api.prompts.answer('engines.shell.container', () => 'exporter');
    api.prompts.answer('engines.shell.confirm', () => 'Open Shell');
    await vscode.commands.executeCommand(CommandId.engineOpenShell, pod);
    const asked = api.prompts.log.filter((p) => p.topic === 'engines.shell.container').at(-1);
    assert.deepEqual(asked?.options, ['postgres', 'exporter'], 'the containers, the default first');
    assert.equal(api.prompts.log.filter((p) => p.topic === 'engines.shell.confirm').at(-1)?.text, 'Open a shell in db-0/exporter?');
    const terminal = await waitFor('the shell terminal', () => vscode.window.terminals.find((t) => t.name === 'Shell: db-0/exporter'));
    const exec = await waitFor('the exec stream', () => cluster.execs.find((e) => e.pod === 'db-0'));
    assert.equal(exec.container, 'exporter');
    terminal.dispose();
  });

});

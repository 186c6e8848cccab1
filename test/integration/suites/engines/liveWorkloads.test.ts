import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { CommandId } from '../../../../src/vscode/commands/commandTable';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { startSocketProxy } from '../../../unit/engines/socketProxy';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { rowById } from './servicesViewRows';

// The Services view and the Monitor against a real Docker engine (started by the harness
// when none answers, made a one-node Swarm for the test): devops.yaml gains `engines` and a
// service bound to a Swarm service; rows come from the engine's event stream, a killed
// container turns its row down with a notice, Scale… changes the Swarm service's replicas
// on the engine, and the logs of its two replicas reach the Monitor, each line tagged.

const PROJECT = 'dlit';
const SWARM_SERVICE = 'dlit_api';
const WEB_ROW = `workload/docker/compose-service/${PROJECT}/web`;

describe('live workloads of a real Docker engine', function () {
  this.timeout(180_000);
  const docker = dockerSuite({ swarm: true });
  let api: DevopsTestApi;
  let webId: string;
  let original: string;
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');

  before(async function () {
    this.timeout(240_000);
    api = await activateExtension();
    const { harness } = docker;
    webId = await harness.runContainer(`${PROJECT}-web-1`, { 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' });
    await harness.createService(SWARM_SERVICE, 1, { 'com.docker.stack.namespace': PROJECT });
    original = await readText(configUri());
    const doc = parseDocument(original);
    doc.set('engines', { docker: { host: `unix://${harness.socket}` } });
    doc.setIn(['services', 'checkout'], { description: 'The Swarm service of the test', runsOn: { swarm: SWARM_SERVICE } });
    await writeText(configUri(), doc.toString());
    await api.config.reload();
    await vscode.commands.executeCommand('devops.services.focus');
  });

  after(async () => {
    api.prompts.answer('engines', undefined);
    if (original !== undefined) await writeText(configUri(), original);
    await api?.config.reload();
  });

  it('shows the engine, the Compose project with its service, and the bound Swarm service, from the event stream', async () => {
    const engine = await waitFor('the Docker engine row with its workloads', () => {
      const row = rowById(api, 'engines/docker');
      return row?.description?.includes('workload') ? row : undefined;
    }, 60_000);
    assert.equal(engine.label, 'Docker');
    const web = await waitFor('the Compose service web running', () => {
      const row = rowById(api, WEB_ROW);
      return row?.description?.startsWith('running') ? row : undefined;
    }, 60_000);
    assert.match(web.description ?? '', /1\/1 ready/);
    assert.match(web.description ?? '', /devops-loop-test/, 'the image is shown');
    assert.match(web.contextValue, /^workload\b.*\brestartable\b/);
    assert.ok(rowById(api, `engines/docker/compose/${PROJECT}`), 'the project groups its services');
    const bound = await waitFor('the declared service checkout with its Swarm service', () => rowById(api, 'services/checkout/workload')?.description?.includes('1/1 ready') && rowById(api, 'services/checkout/workload'));
    assert.match(bound.contextValue, /\bscalable\b/);
  });

  it('draws the undeclared workloads on the service map next to the declared services', async () => {
    const declared = Object.keys(api.config.snapshot.config?.services ?? {}).length;
    await vscode.commands.executeCommand(CommandId.showServiceMap);
    const drawn = await waitFor('the map with the Compose service web', () => (api.serviceMap.lastRendered?.nodes ?? 0) > declared && api.serviceMap.lastRendered, 30_000);
    assert.ok(drawn.nodes > declared, `${drawn.nodes} boxes for ${declared} declared services and the live workloads`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('turns a killed container down and says so once', async () => {
    const told = api.prompts.log.length;
    const kill = await docker.harness.api('POST', `/containers/${webId}/kill`);
    assert.ok(kill.status < 300, `kill answered ${kill.status}`);
    const web = await waitFor('the web row down', () => {
      const row = rowById(api, WEB_ROW);
      return row && /^(failed|stopped)/.test(row.description ?? '') ? row : undefined;
    }, 30_000);
    assert.match(web.description ?? '', /0\/1 ready/);
    const notice = await waitFor('a notice that web is down', () => api.prompts.log.slice(told).find((p) => p.topic === 'engines.transition' && (p.subject as { workload?: string }).workload === WEB_ROW.slice('workload/'.length)));
    assert.equal(notice.level, 'error');
    assert.match(notice.text, /is down/);
    const alert = await waitFor('replicas-unavailable in the Monitor', () => api.monitor.snapshot.alerts.find((a) => a.name === `replicas-unavailable ${PROJECT}/web`));
    assert.match(alert.state, /pending|firing/);
    assert.equal(alert.severity, 'critical');
  });

  it('starts, restarts and stops the Compose service through the engine, each after its modal', async () => {
    const inspect = async (): Promise<{ Running: boolean; StartedAt: string }> => ((await docker.harness.api('GET', `/containers/${webId}/json`)).json as { State: { Running: boolean; StartedAt: string } }).State;
    api.prompts.answer('engines.start.confirm', () => 'Start');
    await vscode.commands.executeCommand(CommandId.engineStart, rowById(api, WEB_ROW));
    assert.equal((await inspect()).Running, true, 'Start started the killed container');
    await waitFor('the web row running again', () => rowById(api, WEB_ROW)?.description?.startsWith('running'), 30_000);
    const startedAt = (await inspect()).StartedAt;
    api.prompts.answer('engines.restart.confirm', () => 'Restart');
    await vscode.commands.executeCommand(CommandId.engineRestart, rowById(api, WEB_ROW));
    const restarted = await inspect();
    assert.ok(restarted.Running && restarted.StartedAt !== startedAt, `Restart started it anew (${startedAt} → ${restarted.StartedAt})`);
    api.prompts.answer('engines.stop.confirm', () => undefined);
    await vscode.commands.executeCommand(CommandId.engineStop, rowById(api, WEB_ROW));
    assert.equal((await inspect()).Running, true, 'Cancel in the modal stops nothing');
    api.prompts.answer('engines.stop.confirm', () => 'Stop');
    await vscode.commands.executeCommand(CommandId.engineStop, rowById(api, WEB_ROW));
    assert.equal((await inspect()).Running, false, 'Stop stopped it');
    await waitFor('the web row stopped', () => rowById(api, WEB_ROW)?.description?.startsWith('stopped'), 30_000);
  });

  it('Scale… sets the Swarm service replicas on the engine after the confirmation', async () => {
    api.prompts.answer('engines.scale.replicas', () => '2');
    api.prompts.answer('engines.scale.confirm', () => 'Scale to 2');
    await vscode.commands.executeCommand(CommandId.engineScale, rowById(api, 'services/checkout/workload'));
    const filter = encodeURIComponent(JSON.stringify({ name: [SWARM_SERVICE] }));
    const replicas = async (): Promise<number | undefined> => ((await docker.harness.api('GET', `/services?filters=${filter}`)).json as { Spec: { Mode: { Replicated?: { Replicas?: number } } } }[])[0]?.Spec.Mode.Replicated?.Replicas;
    assert.equal(await replicas(), 2, 'the engine has the new desired count');
    assert.ok(api.prompts.log.some((p) => p.topic === 'engines.scale.confirm' && p.text.includes('from 1 to 2')), 'the modal named the change');
    await waitFor('the row showing two ready replicas', () => rowById(api, 'services/checkout/workload')?.description?.includes('2/2 ready'), 90_000);
  });

  it('streams the logs of both replicas into the Monitor, each line tagged with its task', async () => {
    await vscode.commands.executeCommand(CommandId.engineShowLogs, rowById(api, 'services/checkout/workload'));
    const sources = await waitFor('lines from two tasks of the service', () => {
      const seen = new Set(api.monitor.queryLogs({}, 2000).filter((line) => line.source.startsWith('checkout:') && /^(out|err) \d+$/.test(line.text)).map((line) => line.source));
      return seen.size >= 2 ? [...seen] : undefined;
    }, 60_000);
    for (const source of sources) assert.match(source, new RegExp(`^checkout:${SWARM_SERVICE}\\.\\d`));
    await waitFor('the member sources listed in the Monitor', () => api.monitor.snapshot.logSources.filter((s) => s.kind === 'engine' && s.service === 'checkout').length >= 2);
  });

  it('charts the CPU and memory of each running container while the Monitor is open', async () => {
    await vscode.commands.executeCommand(CommandId.showMonitor);
    const memory = await waitFor('memory lines of the two tasks', () => {
      const chart = api.monitor.snapshot.charts.find((c) => c.id === 'engine/memory');
      const tasks = chart?.lines?.filter((line) => line.label.startsWith(`${SWARM_SERVICE}.`) && line.values.some((v) => v !== null && v > 0)) ?? [];
      return tasks.length >= 2 ? tasks : undefined;
    }, 60_000);
    assert.ok(memory.every((line) => line.timestamps.length === line.values.length));
    const cpu = api.monitor.snapshot.charts.find((c) => c.id === 'engine/cpu');
    assert.equal(cpu?.unit, '%');
    assert.ok((cpu?.lines ?? []).some((line) => line.label.startsWith(`${SWARM_SERVICE}.`)), 'the CPU chart has the tasks too');
  });

  it('marks the last rows stale while the engine is away, and fresh once it is back', async () => {
    const proxy = await startSocketProxy(docker.harness.socket);
    try {
      const doc = parseDocument(await readText(configUri()));
      doc.setIn(['engines', 'docker', 'host'], `tcp://127.0.0.1:${proxy.port}`);
      await writeText(configUri(), doc.toString());
      await api.config.reload();
      await waitFor('the rows read through the proxy', () => proxy.requests.some((r) => r.includes('/events')) && rowById(api, 'services/checkout/workload')?.description?.includes('ready') && !rowById(api, 'engines/docker')?.description?.includes('stale'), 30_000);
      await proxy.refuse(true);
      const engine = await waitFor('the engine row saying it is away, with its last rows', () => {
        const row = rowById(api, 'engines/docker');
        return row?.description?.startsWith('not running or unreachable · stale') ? row : undefined;
      }, 30_000);
      assert.match(engine.contextValue, /\bstale\b/);
      assert.match(rowById(api, 'services/checkout/workload')?.description ?? '', /· stale$/, 'the bound workload is marked stale');
      await proxy.refuse(false);
      await waitFor('the rows fresh again', () => rowById(api, 'engines/docker')?.description?.match(/^\d+ workloads?$/) && !rowById(api, 'services/checkout/workload')?.description?.includes('stale'), 30_000).catch((error: unknown) => {
        const engineRow = rowById(api, 'engines/docker');
        throw new Error(`${String(error)}; engine row: ${engineRow?.description ?? 'none'} (${typeof engineRow?.tooltip === "string" ? engineRow.tooltip : (engineRow?.tooltip?.value ?? "")}); workload row: ${rowById(api, 'services/checkout/workload')?.description ?? 'none'}; requests through the proxy: ${proxy.requests.slice(-6).join(' | ')}`);
      });
    } finally {
      await proxy.close();
    }
  });
});

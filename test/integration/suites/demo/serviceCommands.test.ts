import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, row, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerApprovals, approvals, failures } from '../empty/recordedPrompts';
import { demoOnFreePorts, type DemoOnFreePorts } from './demoServices';

// The Services commands that act: Run Action (stop, restart) on the demo's real processes,
// Import Services from a compose file, Show Logs, Reveal. Modals and picks are answered
// through the test API's prompt hook, as a user would click them.
describe('services commands: run an action, import, show logs, reveal', function () {
  this.timeout(150_000);
  let api: DevopsTestApi;
  let demo: DemoOnFreePorts | undefined;
  let root: string;
  const healthy = async (port: number): Promise<boolean> => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  };
  /** Waits for a state of one service, asking for a probe round now and then. */
  const until = async (name: string, state: string): Promise<void> => {
    let last = 0;
    await waitFor(`${name} ${state}`, async () => {
      if (api.services.service(name)?.state === state) return true;
      if (Date.now() - last > 1000) {
        last = Date.now();
        await vscode.commands.executeCommand('devops.services.probeNow');
      }
      return false;
    }, 30_000);
  };
  const actionCommands = (from: number): string[] =>
    api.ports.processPurposes.slice(from).flatMap((p) => (p.kind === 'action' ? [p.source] : []));

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot().fsPath;
    demo = await demoOnFreePorts(api, { prometheus: false });
    await demo.start('store', 'api', 'web');
    answerApprovals(api, () => true);
    await until('web', 'up');
  });

  after(async () => {
    answerApprovals(api, undefined);
    for (const topic of ['services.action', 'services.confirmAction', 'services.import']) api.prompts.answer(topic, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo?.dispose();
  });

  it('Run Action "stop" on web, once its command is approved, stops the process and web turns down', async () => {
    const starts = api.ports.processStarts;
    const asked = approvals(api).length;
    const told = failures(api).length;
    await vscode.commands.executeCommand('devops.services.runAction', row(api.views.services, 'services/web'), 'stop');
    assert.deepEqual(failures(api).slice(told), []);
    assert.equal(approvals(api).length, asked + 1, 'the approval modal showed the exact command');
    assert.deepEqual(approvals(api).at(-1)?.commands.map((c) => [c.kind, c.source, c.command]), [['action', 'web.stop', 'node scripts/services.js stop web']]);
    assert.deepEqual(actionCommands(starts), ['web.stop'], 'one process, through the gated runner');
    assert.equal(await healthy(demo!.base + 1), false, 'web no longer answers');
    await until('web', 'down');
    assert.equal(existsSync(join(root, '.devops', 'run', 'web.pid')), false, 'the demo script removed its pid file');
  });

  it('Run Action without an action asks which one; "restart" brings web back up', async () => {
    // The demo's restart starts web on the default ports; this run's web lives on shifted ones.
    const configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    const text = await readFile(configUri.fsPath, 'utf8');
    const shifted = text.replace('run: node scripts/services.js restart web', `run: DEVOPS_DEMO_PORT_BASE=${demo!.base} node scripts/services.js restart web`);
    assert.notEqual(shifted, text);
    await writeFile(configUri.fsPath, shifted);
    await api.config.reload();
    let offered: string[] = [];
    api.prompts.answer('services.action', (prompt) => {
      offered = prompt.options;
      return 'restart';
    });
    const starts = api.ports.processStarts;
    await vscode.commands.executeCommand('devops.services.runAction', 'web');
    assert.deepEqual(offered, ['restart', 'stop'], 'the pick lists the actions web declares');
    assert.deepEqual(actionCommands(starts), ['web.restart']);
    assert.equal(await healthy(demo!.base + 1), true, 'web answers again');
    await until('web', 'up');
  });

  it('asks "are you sure" before an approved action with confirm: true, and a No runs nothing', async () => {
    const starts = api.ports.processStarts;
    let question: string | undefined;
    api.prompts.answer('services.confirmAction', (prompt) => {
      question = prompt.text;
      return undefined;
    });
    await vscode.commands.executeCommand('devops.services.runAction', 'web', 'stop');
    assert.equal(question, 'Run "stop" on web?');
    assert.deepEqual(actionCommands(starts), [], 'declined: nothing ran');
    assert.equal(await healthy(demo!.base + 1), true);
  });

  it('Import Services adds the services of a compose file to devops.yaml, leaving the declared ones out', async () => {
    const configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    const before = await readFile(configUri.fsPath, 'utf8');
    const compose = join(root, 'docker-compose.yml');
    // As people write them: a short port, a healthcheck as a CMD list, and a service devops.yaml already has.
    await writeFile(compose, [
      'services:',
      '  cache:',
      '    image: redis:7',
      '    ports: ["6379:6379"]',
      '    healthcheck:',
      '      test: ["CMD", "redis-cli", "ping"]',
      '  api:',
      '    build: .',
      '    ports:',
      '      - "7302:7302"',
      '',
    ].join('\n'));
    const picks: string[][] = [];
    api.prompts.answer('services.import', (prompt) => {
      picks.push(prompt.options);
      // First the files (none ticked: take the compose file), then the services (ticked: Enter).
      return picks.length === 1 ? 'docker-compose.yml' : true;
    });
    try {
      await vscode.commands.executeCommand('devops.services.import');
      assert.ok(picks[0]?.includes('docker-compose.yml'), JSON.stringify(picks));
      assert.deepEqual(picks[1], ['cache'], 'api is declared already, so only cache is offered');
      const after = await readFile(configUri.fsPath, 'utf8');
      assert.ok(after.startsWith(before.trimEnd().split('\n')[0] ?? ''), 'the file keeps its beginning');
      await api.config.reload();
      const cache = api.config.snapshot.config?.services.cache;
      assert.ok(cache, `cache is in devops.yaml now:\n${after.slice(before.length - 200)}`);
      assert.deepEqual(cache.ports, [6379]);
      assert.ok(api.services.service('cache'), 'and in the Services model');
    } finally {
      await writeFile(configUri.fsPath, before);
      await rm(compose, { force: true });
      await api.config.reload();
    }
  });

  it('Show Logs opens the Monitor on the service\'s logs; Reveal shows its row', async () => {
    await vscode.commands.executeCommand('devops.services.showLogs', row(api.views.services, 'services/api'));
    await waitFor('the Monitor page to load', () => api.monitor.isResolved);
    await waitFor('the page told to show api', () => api.monitor.lastSourceShown === 'api');
    assert.equal(await vscode.commands.executeCommand('devops.services.reveal', 'store'), true);
    await waitFor('the Services view visible', () => api.services.viewVisible);
  });
});

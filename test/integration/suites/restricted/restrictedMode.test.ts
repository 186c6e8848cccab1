import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { canariesThatRan } from '../empty/canaries';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerApprovals, approvals } from '../empty/recordedPrompts';

// The demo workspace in Restricted Mode: the extension loads and reads, nothing runs. Its
// devops.yaml holds a command of every kind (scripts/integrationGroups.mjs adds them), each
// leaving a file in .canary/ when it runs: so "nothing ran" is counted, not assumed.
describe('Restricted Mode', () => {
  let api: DevopsTestApi;

  before(async () => {
    api = await activateExtension();
    // Answer yes to every question: if a refusal depended on one, this would let it run.
    answerApprovals(api, () => true);
  });

  after(() => answerApprovals(api, undefined));

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(api.trust.isTrusted, false);
    assert.equal(api.contextKey('devops.restricted'), true);
  });

  it('shows the views read-only with a note saying nothing runs', () => {
    assert.equal(api.config.snapshot.state, 'valid');
    const services = api.views.services.getChildren();
    assert.ok(services.length > 0 && services.every((row) => row.id.startsWith('services/')));
    assert.ok(api.views.plan.findRow('plan/sprint'));
    assert.ok(api.views.pipeline.findRow('pipeline/stages'));
    for (const view of [api.views.plan, api.views.services, api.views.pipeline]) assert.match(view.message ?? '', /Restricted Mode/);
  });

  it('holds commands of every kind that would run if anything let them', () => {
    const config = api.config.snapshot.config;
    const canary = config?.services.canary;
    assert.match(canary?.health?.command ?? '', /canary\.js probe/);
    assert.match(canary?.logs[0]?.command ?? '', /canary\.js service-log/);
    assert.equal(canary?.actions.poke?.confirm, false);
    assert.ok(config?.monitor?.logs.some((log) => log.command?.includes('canary.js monitor-log')));
    assert.match(config?.pipeline?.stages.canary?.run ?? '', /canary\.js stage/);
    assert.match(config?.environments.canary?.deploy ?? '', /canary\.js deploy/);
  });

  it('starts none of them from any entry point: Monitor, service logs, health checks, action, stage, deploy', async () => {
    await vscode.commands.executeCommand('devops.showMonitor');
    await waitFor('the Monitor to open', () => api.monitor.isResolved);
    await vscode.commands.executeCommand('devops.monitor.showServiceLogs', 'canary');
    await vscode.commands.executeCommand('devops.services.probeNow');
    for (const [command, ...args] of [
      ['devops.services.runAction', 'canary', 'poke'],
      ['devops.pipeline.runStage', 'canary'],
      ['devops.pipeline.deploy', 'canary'],
    ]) {
      await vscode.commands.executeCommand(command, ...args).then(
        () => undefined,
        () => undefined,
      );
    }
    // Health checks run every 2 s and log sources start on their own: give them time to try.
    await waitFor('the health check to have had its turn', () => api.services.service('canary')?.lastResult, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.deepEqual(canariesThatRan(workspaceRoot().fsPath), []);
    assert.equal(api.ports.processStarts, 0);
    assert.deepEqual(approvals(api), [], 'nothing asked: there is nothing to approve while nothing may run');
    assert.equal(api.services.service('canary')?.lastResult?.reason, 'untrusted');
    assert.match(api.monitor.snapshot.logSources.find((s) => s.name === 'canary')?.status?.message ?? '', /trust this folder/);
  });

  it('refuses to start a process through its port', () => {
    assert.throws(
      () => api.ports.processRunner.start({ purpose: { kind: 'stage', source: 'canary' }, command: 'node scripts/canary.js direct', cwd: workspaceRoot().fsPath }),
      (error: unknown) => (error as { reason?: unknown }).reason === 'untrusted',
    );
    assert.throws(
      () => api.ports.processRunner.start({ purpose: { kind: 'internal' }, file: 'git', args: ['status'], cwd: workspaceRoot().fsPath }),
      (error: unknown) => (error as { reason?: unknown }).reason === 'untrusted',
    );
    assert.deepEqual(canariesThatRan(workspaceRoot().fsPath), []);
    assert.equal(api.ports.processStarts, 0);
    assert.equal(api.ports.connectionsOpened, 0);
  });
});

import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ApprovalQuestion } from '../../../../src/vscode/trust/approvalQuestions';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { canaryStarts, installCanary, removeCanary } from '../empty/canaries';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerApprovals, approvals } from '../empty/recordedPrompts';

// Commands of devops.yaml that run without a click of their own (health checks, log
// sources) or with confirm: false (service actions) run only once the user approved them
// exactly as they are. The canary script counts real starts; the test API answers the
// questions (tests cannot click) and records them.
describe('approval of health checks, service actions and log commands', function () {
  this.timeout(120_000);
  let api: DevopsTestApi;
  let root: string;
  let original: string;
  const answers = { approve: false };
  const configPath = (): string => join(root, 'devops.yaml');
  const canaryService = (logCommand: string): string =>
    [
      '  canary:',
      '    health:',
      '      command: node scripts/canary.js probe',
      '      interval: 2s',
      '    logs:',
      `      - command: ${logCommand}`,
      '    actions:',
      '      poke:',
      '        run: node scripts/canary.js action',
      '        confirm: false',
      '',
    ].join('\n');
  const withCanary = (logCommand = 'node scripts/canary.js log --follow'): string => original.replace('\nservices:\n', `\nservices:\n${canaryService(logCommand)}`);
  const asked = (kind: string, mode?: ApprovalQuestion['mode']): ApprovalQuestion[] =>
    approvals(api).filter((p) => (mode === undefined || p.mode === mode) && p.commands.some((c) => c.kind === kind && c.source.startsWith('canary')));
  const logStatus = (): string | undefined => api.monitor.snapshot.logSources.find((s) => s.name === 'canary')?.status?.message;
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot().fsPath;
    original = await readFile(configPath(), 'utf8');
    await installCanary(root);
    answerApprovals(api, () => answers.approve);
  });

  after(async () => {
    answerApprovals(api, undefined);
    await writeFile(configPath(), original);
    await api.config.reload();
    await removeCanary(root);
  });

  it('does not start a log command while the Monitor is closed, however often devops.yaml loads', async () => {
    assert.equal(api.monitor.isResolved, false, 'no earlier suite opened the Monitor');
    await writeFile(configPath(), withCanary());
    await api.config.reload();
    assert.ok(api.config.snapshot.config?.services.canary, 'the canary service is loaded');
    await api.config.reload();
    await waitFor('the log source to say when it starts', () => /when you open the Monitor/.test(logStatus() ?? ''));
    await pause(1500);
    assert.equal(canaryStarts(root, 'log'), 0);
    assert.deepEqual(asked('log'), [], 'nothing asked for a log command either');
  });

  it('asks for a health check command by a note, and a refusal runs nothing', async () => {
    const question = await waitFor('the question about the health check', () => asked('probe', 'background')[0], 30_000);
    assert.deepEqual(question.commands.map((c) => [c.kind, c.source, c.command, c.cwd, c.changes]), [['probe', 'canary', 'node scripts/canary.js probe', root, []]]);
    await waitFor('the check to say it waits for approval', () => api.services.service('canary')?.lastResult?.reason === 'not-approved', 30_000);
    await pause(2500);
    assert.equal(canaryStarts(root, 'probe'), 0);
    assert.equal(asked('probe').length, 1, 'a check every 2 s does not ask every 2 s');
  });

  it('Check Services Now asks in a modal; approved, the health check runs', async () => {
    answers.approve = true;
    await vscode.commands.executeCommand('devops.services.probeNow');
    assert.equal(asked('probe', 'modal').length, 1);
    await waitFor('canary up', () => api.services.service('canary')?.state === 'up', 30_000);
    assert.ok(canaryStarts(root, 'probe') >= 1);
  });

  it('an action with confirm: false still needs its command approved; refused, it does not run', async () => {
    answers.approve = false;
    await vscode.commands.executeCommand('devops.services.runAction', 'canary', 'poke');
    const question = asked('action', 'modal').at(-1);
    assert.deepEqual(question?.commands.map((c) => [c.source, c.command]), [['canary.poke', 'node scripts/canary.js action']]);
    assert.equal(canaryStarts(root, 'action'), 0);

    answers.approve = true;
    await vscode.commands.executeCommand('devops.services.runAction', 'canary', 'poke');
    assert.equal(canaryStarts(root, 'action'), 1);
    const questions = approvals(api).length;
    await vscode.commands.executeCommand('devops.services.runAction', 'canary', 'poke');
    assert.equal(canaryStarts(root, 'action'), 2, 'approved and confirm: false: runs at once');
    assert.equal(approvals(api).length, questions, 'without asking again');
  });

  it('opening the Monitor asks for its log command; an unchanged reload keeps it running, a changed one stops and asks again', async () => {
    answers.approve = true;
    await vscode.commands.executeCommand('devops.showMonitor');
    await waitFor('the log command to start', () => canaryStarts(root, 'log') === 1, 30_000);
    assert.equal(asked('log').length, 1);
    await waitFor('its lines in the Monitor', () => api.monitor.queryLogs({ sources: ['canary'] }).length > 0);

    await writeFile(configPath(), withCanary());
    await api.config.reload();
    await pause(1500);
    assert.equal(canaryStarts(root, 'log'), 1, 'an unchanged devops.yaml does not restart it');

    answers.approve = false;
    await writeFile(configPath(), withCanary('node scripts/canary.js log --follow --verbose'));
    await api.config.reload();
    const question = await waitFor('the question about the changed command', () => asked('log').slice(1)[0]);
    assert.deepEqual(question.commands[0]?.changes, [{ field: 'command', before: 'node scripts/canary.js log --follow', after: 'node scripts/canary.js log --follow --verbose' }]);
    await waitFor('the source to wait for approval', () => /waits for your approval/.test(logStatus() ?? ''));
    const lines = api.monitor.queryLogs({ sources: ['canary'] }).length;
    await pause(1500);
    assert.equal(canaryStarts(root, 'log'), 1, 'the changed command did not start');
    assert.equal(api.monitor.queryLogs({ sources: ['canary'] }).length, lines, 'and the old one stopped');
  });
});

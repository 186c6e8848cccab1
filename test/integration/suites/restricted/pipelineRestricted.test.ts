import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, workspaceRoot } from '../empty/extensionUnderTest';
import { answerApprovals, answerDeploys, approvals, deployPrompts, failures } from '../empty/recordedPrompts';

// The demo workspace in Restricted Mode: every entry point of the pipeline refuses, says
// why, asks nothing, and starts nothing.
describe('pipeline in Restricted Mode', () => {
  let api: DevopsTestApi;

  before(async () => {
    api = await activateExtension();
    // Answer yes to everything: if a refusal depended on a modal, this would let it run.
    answerDeploys(api, () => true);
    answerApprovals(api, () => true);
    await api.pipeline.load();
  });

  after(() => {
    answerDeploys(api, undefined);
    answerApprovals(api, undefined);
  });

  const entryPoints: [string, string, unknown][] = [
    ['Run Stage', 'devops.pipeline.runStage', 'build'],
    ['Run Pipeline', 'devops.pipeline.run', undefined],
    ['Deploy (protected)', 'devops.pipeline.deploy', { environment: 'production' }],
    ['Deploy', 'devops.pipeline.deploy', 'staging'],
    ['Rerun Failed', 'devops.pipeline.rerunFailed', undefined],
  ];
  for (const [name, command, arg] of entryPoints) {
    it(`${name} is refused with the reason, nothing started`, async () => {
      const refusals = failures(api).length;
      const result: unknown = await vscode.commands.executeCommand(command, arg);
      assert.equal(result, undefined);
      const refusal = failures(api)[refusals];
      assert.ok(refusal, `${command} recorded a refusal`);
      assert.equal(refusal.reason, 'untrusted');
      assert.match(refusal.text, /Restricted Mode/);
      assert.equal(api.ports.processStarts, 0);
      assert.equal(api.pipeline.current, undefined);
    });
  }

  it('asked nothing, wrote no run and no log', () => {
    assert.deepEqual(deployPrompts(api), []);
    assert.deepEqual(approvals(api), []);
    assert.equal(api.pipeline.history.length, 0);
    assert.equal(existsSync(join(workspaceRoot().fsPath, '.devops', 'runs')), false);
    assert.equal(existsSync(join(workspaceRoot().fsPath, '.devops', 'history.json')), false);
  });

  it('says so above the Pipeline view', () => {
    assert.match(api.views.pipeline.message ?? '', /Restricted Mode/);
    assert.ok(api.views.pipeline.findRow('pipeline/runs'));
  });
});

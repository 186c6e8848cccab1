import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, workspaceRoot } from '../empty/extensionUnderTest';

// The demo workspace in Restricted Mode: the extension loads and reads, nothing runs.
describe('Restricted Mode', () => {
  let api: DevopsTestApi;

  before(async () => {
    api = await activateExtension();
  });

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

  it('refuses to start a process through its port', () => {
    assert.throws(
      () => api.ports.processRunner.start({ command: 'echo should-not-run', cwd: workspaceRoot().fsPath }),
      (error: unknown) => (error as { reason?: unknown }).reason === 'untrusted',
    );
    assert.equal(api.ports.processStarts, 0);
    assert.equal(api.ports.connectionsOpened, 0);
  });
});

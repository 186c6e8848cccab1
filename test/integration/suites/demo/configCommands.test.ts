import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConfigSnapshot } from '../../../../src/vscode/config/configStore';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';

// Refresh and Open devops.yaml from the palette, as a user runs them.
describe('config commands: Refresh, Open devops.yaml', () => {
  let api: DevopsTestApi;

  before(async () => {
    api = await activateExtension();
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('Refresh reads devops.yaml again', async () => {
    const before = api.config.snapshot;
    const reloaded = new Promise<ConfigSnapshot>((resolve) => {
      const listener = api.config.onDidChange((snapshot) => {
        listener.dispose();
        resolve(snapshot);
      });
    });
    await vscode.commands.executeCommand('devops.refresh');
    const after = await reloaded;
    assert.notEqual(after, before, 'a new snapshot');
    assert.equal(after.state, 'valid');
  });

  it('Open devops.yaml shows the file in an editor', async () => {
    await vscode.commands.executeCommand('devops.openConfig');
    const editor = await waitFor('devops.yaml in an editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.fsPath, vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml').fsPath);
  });
});

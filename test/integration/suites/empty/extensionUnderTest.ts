import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi, TreeViewProbe } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';

// Shared by the integration suites of every group: activate the extension under test and
// wait for things the extension does asynchronously.

export const EXTENSION_ID = 'devops-loop.devops-loop';

export async function activateExtension(): Promise<DevopsTestApi> {
  const extension = vscode.extensions.getExtension<DevopsTestApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace has a folder');
  return folder.uri;
}

/** Polls until `probe` returns a truthy value; fails naming `what` after the timeout. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Puts the CI Runs view on screen, the only state in which its runs are polled. The view
 * exists once devops.ciConfigured is set (after the credential lookup, so a moment after
 * devops.yaml loads): a focus before that shows nothing, so it is asked again until shown.
 */
export async function showCiRunsView(api: DevopsTestApi): Promise<void> {
  await waitFor('the CI Runs view on screen', async () => {
    if (api.contextKey('devops.ciConfigured') !== true) return false;
    if (!api.ci.visible) await vscode.commands.executeCommand('devops.ci.focus');
    return api.ci.visible;
  });
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function ids(rows: readonly RowNode[]): string[] {
  return rows.map((row) => row.id);
}

export function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

/** The shown row with this id; fails when the view does not show it. */
export function row(view: TreeViewProbe, id: string): RowNode {
  const found = view.findRow(id);
  assert.ok(found, `the view shows a row ${id}`);
  return found;
}

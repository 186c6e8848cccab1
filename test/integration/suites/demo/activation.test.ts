import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';

const EXTENSION_ID = 'devops-loop.devops-loop';
const ACTIVATION_WAIT_MS = 30_000;

interface PerformanceMark {
  name: string;
  startTime: number;
}

/** VS Code's own timing marks in the extension host (see shared/VSCODE-HOST.md). */
function performanceMarks(): PerformanceMark[] {
  const host = globalThis as { MonacoPerformanceMarks?: { getMarks(): PerformanceMark[] } };
  return host.MonacoPerformanceMarks?.getMarks() ?? [];
}

function markTime(marks: PerformanceMark[], event: string): number | undefined {
  return marks.find((mark) => mark.name === `code/extHost/${event}/${EXTENSION_ID}`)?.startTime;
}

/** Waits for VS Code to activate the extension by itself (workspaceContains), never forcing it. */
async function waitForActivation(extension: vscode.Extension<unknown>): Promise<boolean> {
  const deadline = Date.now() + ACTIVATION_WAIT_MS;
  while (!extension.isActive && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return extension.isActive;
}

describe('activation on demo/', () => {
  it('is installed as the extension under development', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the extensions of this host`);
    assert.equal((extension.packageJSON as { main?: unknown }).main, './dist/extension.js');
  });

  it('opens a workspace with devops.yaml at its root', async () => {
    const found = await vscode.workspace.findFiles('devops.yaml', undefined, 1);
    assert.equal(found.length, 1, 'devops.yaml is missing from the test workspace');
  });

  it('activates by itself because devops.yaml is present, and returns its API', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.ok(await waitForActivation(extension), `not active ${ACTIVATION_WAIT_MS / 1000}s after startup`);
    assert.equal(typeof extension.exports, 'object', 'activate() should return an API object for tests');
    assert.notEqual(extension.exports, null);
  });

  it('started no process while activating and reading devops.yaml, though the folder is trusted', async () => {
    const api = vscode.extensions.getExtension<DevopsTestApi>(EXTENSION_ID)?.exports;
    assert.ok(api);
    await api.ready;
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(api.ports.processStarts, 0);
  });

  it('has its load and activation timed by VS Code', () => {
    const marks = performanceMarks();
    const willLoad = markTime(marks, 'willLoadExtensionCode');
    const didLoad = markTime(marks, 'didLoadExtensionCode');
    const willActivate = markTime(marks, 'willActivateExtension');
    const didActivate = markTime(marks, 'didActivateExtension');
    assert.ok(willLoad !== undefined && didLoad !== undefined, 'no load marks for the extension');
    assert.ok(willActivate !== undefined && didActivate !== undefined, 'no activation marks for the extension');
    const loadMs = didLoad - willLoad;
    const activateMs = didActivate - willActivate;
    assert.ok(loadMs >= 0 && activateMs >= 0, `marks out of order: load ${loadMs} ms, activate ${activateMs} ms`);
    console.log(`activation of ${EXTENSION_ID}: load ${loadMs.toFixed(1)} ms, activate ${activateMs.toFixed(1)} ms`);
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';

const brokenSprint = [
  'sprint:', // 1
  '  name: Broken sprint', // 2
  '  start: 2026-11-23', // 3
  '  end: 2026-12-04', // 4
  'items:', // 5
  '  - id: X-1', // 6
  '    title: one', // 7
  '    status: todo', // 8
  '  - id: X-1', // 9  duplicate id
  '    title: two', // 10
  '    status: doing', // 11  not one of plan.statuses
].join('\n');

// A sprint file that turns invalid: positioned problems, and the Plan view keeps the last good sprint.
describe('a sprint file that breaks and is fixed again', () => {
  let api: DevopsTestApi;
  let sprintUri: vscode.Uri;
  let original: string;
  let sprintName: string | undefined;

  before(async () => {
    api = await activateExtension();
    const state = api.plan.state;
    assert.equal(state.kind, 'sprint');
    sprintUri = vscode.Uri.joinPath(workspaceRoot(), api.config.snapshot.config?.plan?.file ?? 'sprint.yaml');
    original = await readText(sprintUri);
    sprintName = state.kind === 'sprint' ? state.sprint.sprint.name : undefined;
  });

  after(async () => {
    await writeText(sprintUri, original);
  });

  it('puts the duplicate id and the unknown status into the Problems panel at their lines', async () => {
    await writeText(sprintUri, brokenSprint);
    const lines = await waitFor('sprint diagnostics', () => {
      const found = vscode.languages.getDiagnostics(sprintUri).map((d) => d.range.start.line);
      return found.includes(8) && found.includes(10) ? found : undefined;
    });
    assert.ok(lines.every((line) => line >= 8), `problems only on the broken items; got ${lines.map((l) => l + 1).join(', ')}`);
    const plan = api.views.plan;
    await waitFor('the problem row', () => plan.findRow('plan/sprint-problems'));
    assert.equal(plan.getTreeItem(plan.findRow('plan/sprint')!).label, sprintName, 'the last good sprint stays');
    assert.match(String(plan.getTreeItem(plan.findRow('plan/sprint-problems')!).description), /last good/);
  });

  it('clears them once the file is fixed', async () => {
    await writeText(sprintUri, original);
    await waitFor('the problems to clear', () => vscode.languages.getDiagnostics(sprintUri).length === 0);
    await waitFor('the problem row to go', () => api.views.plan.findRow('plan/sprint-problems') === undefined);
    assert.equal(api.plan.state.kind === 'sprint' && api.plan.state.stale, false);
  });
});

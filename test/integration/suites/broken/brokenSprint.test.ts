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
    const model = api.plan.model;
    assert.ok(model?.state.loaded && !model.state.error, 'the sprint file is read');
    sprintUri = vscode.Uri.joinPath(workspaceRoot(), api.config.snapshot.config?.plan?.file ?? 'sprint.yaml');
    original = await readText(sprintUri);
    sprintName = model.header?.name;
    assert.ok(sprintName);
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
    assert.equal(api.plan.model?.state.error, undefined, 'the sprint is read without errors again');
  });

  it('says a sprint file too large to read is one problem on the file, and keeps the last good sprint', async () => {
    const huge = `${original}\n# ${'x'.repeat(3 * 1024 * 1024)}\n`;
    await writeText(sprintUri, huge);
    const problem = await waitFor('the size problem', () => vscode.languages.getDiagnostics(sprintUri).find((d) => /too large|larger|MB/i.test(d.message)));
    assert.equal(problem.range.start.line, 0);
    const plan = api.views.plan;
    const row = await waitFor('the problem row', () => plan.findRow('plan/sprint-problems'));
    assert.match(String(plan.getTreeItem(row).description), /last good version · 1 problem$/);
    assert.equal(plan.getTreeItem(plan.findRow('plan/sprint')!).label, sprintName);
    await writeText(sprintUri, original);
    await waitFor('the problem row to go', () => plan.findRow('plan/sprint-problems') === undefined);
  });
});

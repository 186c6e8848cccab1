import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { branchNameFor } from '../../../../src/core/git/branchName';
import type { StartWorkResult } from '../../../../src/core/git/startWork';
import { parseSprintFile } from '../../../../src/core/plan/sprintParser';
import type { DirtyTree } from '../../../../src/vscode/plan/startWorkCommand';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, ids, row, waitFor, workspaceRoot } from '../empty/extensionUnderTest';

// The Plan view over the demo's sprint file, driven through its commands as a user
// would; expectations come from the file itself, read here without the extension.
describe('Plan view on the demo workspace', () => {
  let api: DevopsTestApi;
  let root: string;
  let sprintPath: string;
  let statuses: readonly string[];
  /** What Start work ended in, in the test that started a branch. */
  let started: StartWorkResult | undefined;

  const readSprint = (): NonNullable<ReturnType<typeof parseSprintFile>['sprint']> => {
    const parsed = parseSprintFile(readFileSync(sprintPath, 'utf8'), sprintPath, statuses);
    assert.ok(parsed.sprint, 'the sprint file stays valid');
    return parsed.sprint;
  };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot().fsPath;
    const plan = api.config.snapshot.config?.plan;
    assert.ok(plan, 'demo has a plan');
    sprintPath = join(root, plan.file);
    statuses = plan.statuses;
    await waitFor('the model to load', () => api.plan.model?.state.loaded);
  });

  after(() => {
    api.prompts.answer('plan.dirtyTree', undefined);
  });

  it('shows the header with points, then each configured status with its count and items', () => {
    const sprint = readSprint();
    const view = api.views.plan;
    assert.deepEqual(ids(view.getChildren()), ['plan/sprint', ...statuses.map((s) => `plan/status/${s}`)]);
    const header = view.getTreeItem(row(view, 'plan/sprint'));
    assert.equal(header.label, sprint.sprint.name);
    const done = sprint.items.filter((i) => i.status === 'done').reduce((sum, i) => sum + (i.points ?? 0), 0);
    const total = sprint.items.reduce((sum, i) => sum + (i.points ?? 0), 0);
    assert.match(String(header.description), new RegExp(`${done}/${total} pts`));
    for (const status of statuses) {
      const expected = sprint.items.filter((i) => i.status === status);
      const group = row(view, `plan/status/${status}`);
      assert.deepEqual(ids(view.getChildren(group)), expected.map((i) => `plan/${i.id}`));
      assert.match(String(view.getTreeItem(group).description), new RegExp(`^${expected.length}\\b`));
    }
    const item = view.getTreeItem(row(view, `plan/${sprint.items[0].id}`));
    assert.match(String(item.contextValue), /\bstatus-settable\b/);
    assert.match(String(item.contextValue), /\bpoints-editable\b/);
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
  });

  it('moves an item to another status from the view; the file keeps its comments', async () => {
    const before = readFileSync(sprintPath, 'utf8');
    const comments = before.split('\n').filter((line) => line.trim().startsWith('#'));
    assert.ok(comments.length > 0, 'the demo sprint file has comments');
    const item = readSprint().items.find((i) => i.status === 'todo');
    assert.ok(item, 'the demo has a todo item');
    await vscode.commands.executeCommand('devops.plan.moveToStatus', row(api.views.plan, `plan/${item.id}`), 'review');
    assert.equal(readSprint().items.find((i) => i.id === item.id)?.status, 'review');
    const after = readFileSync(sprintPath, 'utf8');
    assert.deepEqual(after.split('\n').filter((line) => line.trim().startsWith('#')), comments);
    assert.deepEqual(readSprint().items.map((i) => i.id), parseSprintFile(before, sprintPath, statuses).sprint?.items.map((i) => i.id));
    await waitFor('the row to move', () => api.views.plan.getChildren(row(api.views.plan, 'plan/status/review')).some((r) => r.id === `plan/${item.id}`));
  });

  it('edits the open sprint file with unsaved changes through the editor, not over it', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(sprintPath));
    await vscode.window.showTextDocument(document);
    const unsaved = '# an unsaved note\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, document.positionAt(document.getText().length), unsaved);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.isDirty);
    const onDisk = readFileSync(sprintPath, 'utf8');
    const item = readSprint().items.find((i) => i.status === 'blocked');
    assert.ok(item, 'the demo has a blocked item');
    await vscode.commands.executeCommand('devops.plan.moveToStatus', row(api.views.plan, `plan/${item.id}`), 'todo');
    assert.equal(readFileSync(sprintPath, 'utf8'), onDisk, 'the file on disk is untouched');
    const edited = parseSprintFile(document.getText(), sprintPath, statuses).sprint;
    assert.equal(edited?.items.find((i) => i.id === item.id)?.status, 'todo');
    assert.ok(document.getText().endsWith(unsaved), 'the unsaved change is still there');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('devops.plan.refresh');
  });

  it('Start work makes a branch, moves the item to in progress, and the status bar names it', async () => {
    git('init', '--quiet', '--initial-branch=main');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'add', '-A');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'commit', '--quiet', '-m', 'demo');
    const item = readSprint().items.find((i) => i.status === 'todo');
    assert.ok(item, 'a todo item is left');
    const gitRuns = (): number => api.ports.processPurposes.filter((p) => p.kind === 'internal').length;
    const before = gitRuns();
    started = await vscode.commands.executeCommand<StartWorkResult | undefined>('devops.plan.startWork', row(api.views.plan, `plan/${item.id}`));
    assert.equal(started?.kind, 'started');
    assert.ok(gitRuns() > before, 'git ran through the gated runner, where it is counted');
    const branch = git('symbolic-ref', '--short', 'HEAD').trim();
    assert.ok(branch.startsWith(`feature/${item.id}-`), branch);
    assert.equal(readSprint().items.find((i) => i.id === item.id)?.status, 'in-progress');
    const text = await waitFor('the active item in the status bar', () => api.plan.activeItemText);
    assert.ok(text.includes(item.id), text);
    assert.match(String(api.views.plan.getTreeItem(row(api.views.plan, `plan/${item.id}`)).contextValue), /\bactive\b/);
  });

  it('Start work on a dirty tree that blocks the checkout returns the conflict and keeps the change', async () => {
    assert.ok(started?.kind === 'started', 'the previous test started a branch');
    const item = readSprint().items.find((i) => i.status === 'todo' || i.status === 'blocked');
    assert.ok(item, 'an item to start');
    // Its branch exists already and differs in README.md, so a local change there blocks the checkout.
    const branch = branchNameFor(item, 'feature/{id}-{slug}');
    git('checkout', '--quiet', '-b', branch);
    writeFileSync(join(root, 'README.md'), 'changed on the target branch\n');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'commit', '--quiet', '-am', 'target');
    git('checkout', '--quiet', started.branch);
    writeFileSync(join(root, 'README.md'), 'my uncommitted work\n');
    let asked: readonly string[] | undefined;
    api.prompts.answer('plan.dirtyTree', (prompt) => {
      asked = (prompt.subject as DirtyTree).files;
      return undefined;
    });
    const result = await vscode.commands.executeCommand<StartWorkResult | undefined>('devops.plan.startWork', row(api.views.plan, `plan/${item.id}`));
    assert.deepEqual(asked, ['README.md']);
    assert.equal(result?.kind, 'cancelled');
    assert.equal(readFileSync(join(root, 'README.md'), 'utf8'), 'my uncommitted work\n');
    assert.equal(git('symbolic-ref', '--short', 'HEAD').trim(), started.branch);
  });
});

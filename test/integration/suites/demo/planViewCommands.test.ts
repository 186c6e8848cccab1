import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseSprintFile } from '../../../../src/core/plan/sprintParser';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, ids, row, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { failures, noticeCount } from '../empty/recordedPrompts';

// The Plan commands that edit and filter, on the demo's sprint file, after planView.test.ts
// (which this file sorts after) made the folder a git repository on an item's branch.
// Input boxes are answered through the test API's prompt hook; the file is restored after.
describe('Plan commands: assign, points, add, my items, copy id, reveal the active item', () => {
  let api: DevopsTestApi;
  let sprintPath: string;
  let original: string;

  const items = (): NonNullable<ReturnType<typeof parseSprintFile>['sprint']>['items'] => {
    const parsed = parseSprintFile(readFileSync(sprintPath, 'utf8'), sprintPath, api.config.snapshot.config?.plan?.statuses ?? []);
    assert.ok(parsed.sprint, 'the sprint file stays valid');
    return parsed.sprint.items;
  };
  const shownItems = (): string[] =>
    api.views.plan.getChildren().filter((r) => r.id.startsWith('plan/status/')).flatMap((group) => ids(api.views.plan.getChildren(group)));

  before(async () => {
    api = await activateExtension();
    const plan = api.config.snapshot.config?.plan;
    assert.ok(plan, 'demo has a plan');
    sprintPath = join(workspaceRoot().fsPath, plan.file);
    original = readFileSync(sprintPath, 'utf8');
    await waitFor('the model to load', () => api.plan.model?.state.loaded);
  });

  after(async () => {
    for (const topic of ['plan.points', 'plan.addItem']) api.prompts.answer(topic, undefined);
    await vscode.commands.executeCommand('devops.plan.showAllItems');
    writeFileSync(sprintPath, original);
    await vscode.commands.executeCommand('devops.plan.refresh');
  });

  it('Assign to Me writes git user.name as the assignee; Show My Items shows only those, Show All Items all again', async () => {
    const me = execFileSync('git', ['config', 'user.name'], { cwd: workspaceRoot().fsPath, encoding: 'utf8' }).trim();
    await waitFor('the model to know who I am', () => api.plan.model?.currentUser);
    const item = items().find((i) => i.assignee?.toLowerCase() !== me.toLowerCase());
    assert.ok(item);
    await vscode.commands.executeCommand('devops.plan.assignToMe', row(api.views.plan, `plan/${item.id}`));
    assert.equal(items().find((i) => i.id === item.id)?.assignee, me);

    await vscode.commands.executeCommand('devops.plan.showMyItems');
    const mine = items().filter((i) => i.assignee?.toLowerCase() === me.toLowerCase()).map((i) => `plan/${i.id}`);
    await waitFor('only my items shown', () => shownItems().length === mine.length);
    assert.deepEqual(shownItems().sort(), mine.sort());
    await vscode.commands.executeCommand('devops.plan.showAllItems');
    await waitFor('every item shown again', () => shownItems().length === items().length);
  });

  it('Edit Points writes the number typed, and rejects what is not a number before writing', async () => {
    const item = items()[0];
    assert.ok(item);
    const told = failures(api).length;
    api.prompts.answer('plan.points', () => '8');
    await vscode.commands.executeCommand('devops.plan.editPoints', row(api.views.plan, `plan/${item.id}`));
    assert.equal(items().find((i) => i.id === item.id)?.points, 8);
    api.prompts.answer('plan.points', () => 'eight');
    await vscode.commands.executeCommand('devops.plan.editPoints', row(api.views.plan, `plan/${item.id}`));
    assert.equal(items().find((i) => i.id === item.id)?.points, 8, 'the box refused it: the file is unchanged');
    assert.deepEqual(failures(api).slice(told), [], 'refused in the box, not by an error');
  });

  it('Add Item appends an item with the title and points typed, and says its id', async () => {
    const before = items().length;
    const told = noticeCount(api, 'plan.added');
    api.prompts.answer('plan.addItem', (prompt) => (prompt.text.includes('title') ? 'Cache the order pages' : '3'));
    await vscode.commands.executeCommand('devops.plan.addItem');
    const added = items().at(-1);
    assert.equal(items().length, before + 1);
    assert.deepEqual([added?.title, added?.points], ['Cache the order pages', 3]);
    assert.equal(noticeCount(api, 'plan.added'), told + 1);
    assert.ok(api.prompts.log.at(-1)?.text.includes(added?.id ?? '?'));
  });

  it('Copy Id puts the item id on the clipboard', async () => {
    const item = items()[1];
    assert.ok(item);
    await vscode.commands.executeCommand('devops.plan.copyId', row(api.views.plan, `plan/${item.id}`));
    assert.equal(await vscode.env.clipboard.readText(), item.id);
  });

  it('Reveal Active Item selects the row of the branch\'s item', async () => {
    const active = await waitFor('an active item (Start work made its branch)', () => api.plan.model?.activeItemId);
    await vscode.commands.executeCommand('devops.plan.revealActiveItem');
    await waitFor('the active row selected', () => api.plan.selection.includes(`plan/${active}`));
  });
});

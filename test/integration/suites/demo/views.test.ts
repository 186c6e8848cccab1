import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDevopsConfig } from '../../../../src/core/config/loader';
import type { DevopsConfig } from '../../../../src/core/config/schema';
import { parseSprintFile } from '../../../../src/core/plan/sprintParser';
import type { SprintFile } from '../../../../src/core/plan/sprintSchema';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, EXTENSION_ID, iconId, ids, readText, row, waitFor, workspaceRoot } from '../empty/extensionUnderTest';

// The demo workspace as each view shows it. Expectations come from the workspace's own
// devops.yaml and sprint file, read here independently of the extension.
describe('views on the demo workspace', () => {
  let api: DevopsTestApi;
  let config: DevopsConfig;
  let sprint: SprintFile;

  before(async () => {
    api = await activateExtension();
    const root = workspaceRoot();
    const configUri = vscode.Uri.joinPath(root, 'devops.yaml');
    const parsed = parseDevopsConfig(await readText(configUri), configUri.fsPath);
    assert.ok(parsed.config, 'demo devops.yaml is valid');
    config = parsed.config;
    assert.ok(config.plan, 'demo has a plan');
    const sprintUri = vscode.Uri.joinPath(root, config.plan.file);
    const parsedSprint = parseSprintFile(await readText(sprintUri), sprintUri.fsPath, config.plan.statuses);
    assert.ok(parsedSprint.sprint, 'demo sprint file is valid');
    sprint = parsedSprint.sprint;
  });

  // activation.test.ts, the first suite, checks that activation started nothing; suites before this one start processes.
  it('activates on devops.yaml and reads it', () => {
    assert.equal(api.config.snapshot.state, 'valid');
    assert.equal(api.contextKey('devops.config'), 'valid');
    assert.equal(api.contextKey('devops.restricted'), false);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every contributed command', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string; category: string }[] } }).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 5);
    for (const { command, category } of contributed) {
      assert.ok(registered.has(command), `${command} is registered`);
      assert.equal(category, 'DevOps');
    }
  });

  it('Plan shows the sprint header, then the status groups in the configured order with their items', () => {
    const plan = api.views.plan;
    const roots = plan.getChildren();
    const statuses = config.plan!.statuses;
    assert.deepEqual(ids(roots), ['plan/sprint', ...statuses.map((s) => `plan/status/${s}`)]);
    const header = plan.getTreeItem(roots[0]);
    assert.equal(header.label, sprint.sprint.name);
    const done = sprint.items.filter((i) => i.status === 'done').reduce((sum, i) => sum + (i.points ?? 0), 0);
    const total = sprint.items.reduce((sum, i) => sum + (i.points ?? 0), 0);
    assert.match(String(header.description), new RegExp(`${done}/${total} pts`));
    assert.match(String(header.description), new RegExp(`${sprint.sprint.start} → ${sprint.sprint.end}`));
    for (const status of statuses) {
      const group = row(plan, `plan/status/${status}`);
      const expected = sprint.items.filter((i) => i.status === status);
      assert.deepEqual(ids(plan.getChildren(group)), expected.map((i) => `plan/${i.id}`), `items of ${status}`);
      assert.match(String(plan.getTreeItem(group).description), new RegExp(`^${expected.length}\\b`));
    }
    const first = sprint.items[0];
    const firstItem = plan.getTreeItem(row(plan, `plan/${first.id}`));
    assert.equal(firstItem.label, first.title);
    assert.ok(String(firstItem.description).includes(first.id));
    if (first.assignee) assert.ok(String(firstItem.description).includes(`@${first.assignee}`));
    assert.ok(firstItem.tooltip instanceof vscode.MarkdownString);
  });

  it('Services shows one row per service with what it depends on and what needs it', () => {
    const view = api.views.services;
    const names = Object.keys(config.services);
    assert.ok(names.length >= 2);
    assert.deepEqual(ids(view.getChildren()), names.map((n) => `services/${n}`));
    for (const name of names) {
      const dependsOn = row(view, `services/${name}/dependsOn`);
      assert.deepEqual(view.getChildren(dependsOn).map((r) => r.label), config.services[name].dependsOn);
      const neededBy = names.filter((other) => config.services[other].dependsOn.includes(name));
      assert.deepEqual(view.getChildren(row(view, `services/${name}/neededBy`)).map((r) => r.label), neededBy);
      assert.match(String(view.getTreeItem(row(view, `services/${name}`)).description), /\b(unknown|up|degraded|down)\b/);
      const url = config.services[name].url;
      if (url) assert.equal(view.findRow(`services/${name}/url`)?.description, url);
    }
  });

  it('Pipeline shows stages in dependency order and the environments, protected ones locked', () => {
    const view = api.views.pipeline;
    const stages = config.pipeline?.stages ?? {};
    const shown = view.getChildren(row(view, 'pipeline/stages')).map((r) => r.label);
    assert.deepEqual([...shown].sort(), Object.keys(stages).sort());
    for (const [name, stage] of Object.entries(stages)) {
      for (const need of stage.needs) assert.ok(shown.indexOf(need) < shown.indexOf(name), `${need} comes before ${name}`);
    }
    const environments = view.getChildren(row(view, 'pipeline/environments'));
    assert.deepEqual(environments.map((r) => r.label), Object.keys(config.environments));
    assert.ok(Object.values(config.environments).some((e) => e.protected), 'the demo has a protected environment');
    for (const [name, environment] of Object.entries(config.environments)) {
      const item = view.getTreeItem(row(view, `pipeline/env/${name}`));
      assert.equal(iconId(item) === 'lock', environment.protected, `${name} lock icon`);
      assert.equal(/\bprotected\b/.test(item.contextValue ?? ''), environment.protected);
    }
  });

  it('Show Monitor opens the Monitor view, which receives what devops.yaml declares', async () => {
    // Other suites of the group send deliberately bad page messages: count only this test's.
    const droppedBefore = api.monitor.droppedMessages;
    await vscode.commands.executeCommand('devops.showMonitor');
    await waitFor('the Monitor view to be created', () => api.monitor.isResolved);
    const sent = await waitFor('the Monitor page to ask for its state', () => api.monitor.lastSnapshotSent, 30_000);
    assert.equal(sent.configState, 'valid');
    assert.deepEqual(sent.charts.map((c) => c.title), (config.monitor?.charts ?? []).map((c) => c.title));
    assert.deepEqual(sent.alerts.map((a) => a.name), (config.monitor?.alerts ?? []).map((a) => a.name));
    assert.ok(sent.logSources.length >= (config.monitor?.logs.length ?? 0));
    await waitFor('the Monitor page to draw the snapshot', () => api.monitor.lastRenderedRevision === sent.revision);
    assert.equal(api.monitor.droppedMessages, droppedBefore);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, workspaceRoot } from '../empty/extensionUnderTest';
import { failures } from '../empty/recordedPrompts';

// Start work runs git (outside the process runner): in Restricted Mode it must refuse.
describe('Plan in Restricted Mode', () => {
  let api: DevopsTestApi;
  let root: string;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot().fsPath;
    // The test, not the extension, makes the folder a repository so a branch could be made.
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'demo');
  });

  it('refuses Start work: no branch, the sprint file untouched', async () => {
    const sprintPath = join(root, 'sprint.yaml');
    const before = readFileSync(sprintPath, 'utf8');
    const item = api.views.plan.findRow('plan/DL-101');
    assert.ok(item, 'the Plan view shows DL-101 read-only');
    const result: unknown = await vscode.commands.executeCommand('devops.plan.startWork', item);
    assert.equal(result, undefined);
    assert.match(failures(api).at(-1)?.text ?? '', /Restricted Mode: Start work/);
    assert.equal(git('branch', '--show-current'), 'main');
    assert.deepEqual(git('branch', '--list', 'feature/*'), '');
    assert.equal(readFileSync(sprintPath, 'utf8'), before);
    assert.ok(existsSync(join(root, '.git')));
    assert.equal(api.ports.processStarts, 0);
  });
});

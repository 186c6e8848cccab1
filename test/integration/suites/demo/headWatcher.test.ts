import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';

// Git run outside the editor (a terminal, another tool) moves HEAD; the head watcher must see
// it by itself: the Plan's active item, the Review section and the environments' drift follow it.
describe('HEAD moved outside the editor', () => {
  let api: DevopsTestApi;
  let root: string;
  let branchBefore: string | undefined;
  let madeRepository = false;
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd: root, encoding: 'utf8' }).trim();

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot().fsPath;
    // Other suites of the group make the demo a repository too; this one leaves it as it found it.
    madeRepository = !existsSync(join(root, '.git'));
    if (madeRepository) git('init', '--quiet', '--initial-branch=main');
    else branchBefore = git('symbolic-ref', '--short', 'HEAD');
  });

  after(() => {
    rmSync(join(root, 'head-watcher-note.txt'), { force: true });
    if (madeRepository) rmSync(join(root, '.git'), { recursive: true, force: true });
    else if (branchBefore) git('checkout', '--quiet', branchBefore);
  });

  it('a commit made in a terminal moves the watched commit, without a refresh', async () => {
    writeFileSync(join(root, 'head-watcher-note.txt'), 'a note\n');
    git('add', 'head-watcher-note.txt');
    git('commit', '--quiet', '-m', 'docs: a note');
    const commit = git('rev-parse', 'HEAD');
    await waitFor(`the head watcher to read commit ${commit}`, () => api.git.head.commit === commit);
  });

  it('a branch checked out in a terminal moves the watched branch', async () => {
    git('checkout', '--quiet', '-b', 'head-watcher/elsewhere');
    await waitFor('the head watcher to read the new branch', () => api.git.head.branch === 'head-watcher/elsewhere');
    assert.equal(api.git.head.commit, git('rev-parse', 'HEAD'));
  });
});

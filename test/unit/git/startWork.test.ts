import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { SimpleGit } from 'simple-git';
import { GitCli } from '../../../src/backends/git/gitCli';
import { FileSprintProvider } from '../../../src/backends/plan/file/fileSprintProvider';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { DevopsError } from '../../../src/core/errors';
import { startWork } from '../../../src/core/git/startWork';
import type { PlanItem } from '../../../src/core/plan/planProvider';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'plan');
const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];
const template = 'feature/{id}-{slug}';
const base = 'line 1\nline 2\nline 3\nline 4\n';
const runner = new NodeProcessRunner({ isTrusted: () => true });
const gitOf = (dir: string): GitCli => new GitCli(runner, dir);
const currentBranch = async (dir: string): Promise<string | undefined> => (await gitOf(dir).head()).branch;

describe('startWork on real repositories', () => {
  let dir: string;
  let git: SimpleGit;
  let provider: FileSprintProvider;
  let items: PlanItem[];
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'start-work-'));
    git = simpleGit({ baseDir: dir });
    await git.init(['--initial-branch=main']);
    await git.addConfig('user.name', 'Test').addConfig('user.email', 'test@example.invalid').addConfig('commit.gpgsign', 'false');
    copyFileSync(join(fixtures, 'sprint.yaml'), join(dir, 'sprint.yaml'));
    writeFileSync(join(dir, 'a.txt'), base);
    writeFileSync(join(dir, 'b.txt'), 'same on every branch\n');
    await git.add(['.']).commit('start');
    // An existing branch for DL-2 that changed the first line of a.txt and added c.txt.
    await git.checkoutLocalBranch('feature/DL-2-show-order-details');
    writeFileSync(join(dir, 'a.txt'), base.replace('line 1', 'line 1 (feature)'));
    writeFileSync(join(dir, 'c.txt'), 'only on the feature branch\n');
    await git.add(['.']).commit('feature work');
    await git.checkout('main');
    provider = new FileSprintProvider({ path: join(dir, 'sprint.yaml'), statuses });
    items = (await provider.load(new AbortController().signal)).items;
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const item = (id: string): PlanItem => items.find((i) => i.id === id)!;
  const setStatus = (i: PlanItem, s: string, signal: AbortSignal): Promise<void> => provider.setStatus(i, s, signal);

  it('creates the branch from the template on a clean tree and moves the item to in progress', async () => {
    const result = await startWork({ git: gitOf(dir), item: item('DL-5'), template, setStatus });
    assert.deepEqual(result, { kind: 'started', branch: 'feature/DL-5-last-item', created: true, statusChanged: true });
    assert.equal(await currentBranch(dir), 'feature/DL-5-last-item');
    const reloaded = await provider.load(new AbortController().signal);
    assert.equal(reloaded.items.find((i) => i.id === 'DL-5')?.status, 'in-progress');
  });

  it('checks out an existing branch, carrying changes that do not collide', async () => {
    writeFileSync(join(dir, 'b.txt'), 'my unsaved work\n');
    const result = await startWork({ git: gitOf(dir), item: item('DL-2'), template });
    assert.equal(result.kind, 'started');
    assert.equal(result.kind === 'started' && result.created, false);
    assert.equal(await currentBranch(dir), 'feature/DL-2-show-order-details');
    assert.equal(read('b.txt'), 'my unsaved work\n');
    assert.equal(read('a.txt'), base.replace('line 1', 'line 1 (feature)'));
  });

  it('returns a conflict with the choices when changes block the checkout, and changes nothing', async () => {
    writeFileSync(join(dir, 'a.txt'), base.replace('line 4', 'line 4 (mine)'));
    writeFileSync(join(dir, 'c.txt'), 'untracked here, tracked there\n');
    const result = await startWork({ git: gitOf(dir), item: item('DL-2'), template, setStatus });
    assert.deepEqual(result, { kind: 'conflict', branch: 'feature/DL-2-show-order-details', files: ['a.txt', 'c.txt'], choices: ['stash', 'carry', 'cancel'] });
    assert.equal(await currentBranch(dir), 'main');
    assert.equal(read('a.txt'), base.replace('line 4', 'line 4 (mine)'));
    const cancelled = await startWork({ git: gitOf(dir), item: item('DL-2'), template, onDirty: 'cancel' });
    assert.equal(cancelled.kind, 'cancelled');
    assert.equal(read('c.txt'), 'untracked here, tracked there\n');
  });

  it('stash and switch: the changes wait in a named stash', async () => {
    writeFileSync(join(dir, 'a.txt'), base.replace('line 4', 'line 4 (mine)'));
    const result = await startWork({ git: gitOf(dir), item: item('DL-2'), template, onDirty: 'stash' });
    assert.equal(result.kind === 'started' && result.stash?.restored, false);
    assert.equal(await currentBranch(dir), 'feature/DL-2-show-order-details');
    assert.equal(read('a.txt'), base.replace('line 1', 'line 1 (feature)'));
    const list = await git.stash(['list']);
    assert.match(list, /devops-loop: changes set aside to start work on DL-2/);
    assert.match(await git.stash(['show', '-p', 'stash@{0}']), /line 4 \(mine\)/);
  });

  it('carry changes: they are merged onto the branch and the stash is dropped', async () => {
    writeFileSync(join(dir, 'a.txt'), base.replace('line 4', 'line 4 (mine)'));
    const result = await startWork({ git: gitOf(dir), item: item('DL-2'), template, onDirty: 'carry' });
    assert.equal(result.kind === 'started' && result.stash?.restored, true);
    assert.equal(read('a.txt'), 'line 1 (feature)\nline 2\nline 3\nline 4 (mine)\n');
    assert.equal((await git.stash(['list'])).trim(), '');
  });

  it('carry changes that collide keeps them in the stash instead of losing them', async () => {
    writeFileSync(join(dir, 'a.txt'), base.replace('line 1', 'line 1 (mine)'));
    const result = await startWork({ git: gitOf(dir), item: item('DL-2'), template, onDirty: 'carry' });
    assert.equal(result.kind === 'started' && result.stash?.restored, false);
    assert.match(await git.stash(['show', '-p', 'stash@{0}']), /line 1 \(mine\)/);
  });

  it('switches the branch even when the provider refuses the status, and says why', async () => {
    const refuse = (): Promise<void> => Promise.reject(new DevopsError('forbidden', 'no permission'));
    const result = await startWork({ git: gitOf(dir), item: item('DL-3'), template, setStatus: refuse });
    assert.equal(result.kind === 'started' && result.statusChanged, false);
    assert.ok(result.kind === 'started' && DevopsError.is(result.statusError, 'forbidden'));
    assert.equal(await currentBranch(dir), 'feature/DL-3-flow-style-item');
  });

  it('refuses a folder that is not a repository and reports no branch for it', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'no-repo-'));
    try {
      await assert.rejects(startWork({ git: gitOf(plain), item: item('DL-1'), template }), (e: unknown) => DevopsError.is(e, 'not-found'));
      assert.equal(await currentBranch(plain), undefined);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

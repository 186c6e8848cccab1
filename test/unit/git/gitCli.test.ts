import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitCli } from '../../../src/backends/git/gitCli';
import { CheckedProcessRunner, startedByUser } from '../../../src/backends/process/checkedProcessRunner';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { DevopsError } from '../../../src/core/errors';
import type { ProcessSpec } from '../../../src/core/ports';

// The Git port on real repositories: git runs as an argument list through the checked
// runner, so values from a sprint item or a changelog never reach a shell.
describe('Git port over the git binary', () => {
  let dir: string;
  const started: ProcessSpec[] = [];
  const node = new NodeProcessRunner({ isTrusted: () => true });
  const runner = new CheckedProcessRunner(startedByUser, { start: (spec) => (started.push(spec), node.start(spec)) });
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-git-'));
    started.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const init = (): void => {
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'Port Tester');
    git('config', 'user.email', 'port@test.invalid');
    git('config', 'commit.gpgsign', 'false');
    git('config', 'tag.gpgsign', 'false');
  };

  it('reads HEAD: nothing outside a repository, the branch before the first commit, the commit when detached', async () => {
    const port = new GitCli(runner, dir);
    assert.equal(await port.isRepository(), false);
    assert.deepEqual(await port.head(), {});
    init();
    assert.deepEqual(await port.head(), { branch: 'main' });
    assert.equal(await port.userName(), 'Port Tester');
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'first');
    const commit = git('rev-parse', 'HEAD');
    assert.deepEqual(await port.head(), { commit, branch: 'main' });
    git('checkout', '--quiet', '--detach');
    assert.deepEqual(await port.head(), { commit });
    assert.ok(started.every((spec) => spec.purpose.kind === 'internal' && spec.file === 'git' && spec.command === undefined), 'every start is git with an argument list');
  });

  it('passes messages and names as arguments: shell syntax in them stays text', async () => {
    init();
    const port = new GitCli(runner, dir);
    const marker = join(dir, 'pwned');
    const hostile = `fix: $(touch ${marker}) \`touch ${marker}\` "; touch ${marker} #`;
    writeFileSync(join(dir, 'b.txt'), 'b\n');
    const hash = await port.commit(`${hostile}\n\nbody line`, ['b.txt']);
    await port.tag('v1.0.0', `Release v1.0.0\n\n${hostile}`);
    assert.equal(existsSync(marker), false, 'nothing in the messages ran');
    assert.deepEqual(await port.commitsSince(undefined), [{ hash, message: `${hostile}\n\nbody line` }]);
    assert.equal(git('tag', '-l', '--format=%(contents:subject)', 'v1.0.0'), 'Release v1.0.0');
    assert.equal(await port.hasTag('v1.0.0'), true);
    assert.equal(await port.hasTag('v1.0.0; touch x'), false);
    assert.equal(await port.lastTag(), 'v1.0.0');
    assert.equal(await port.isValidBranchName('feature/x-$(touch y)'), false);
    assert.equal(await port.isValidBranchName('--help'), false);
  });

  it('lists changed paths with spaces and renames as they are', async () => {
    init();
    writeFileSync(join(dir, 'old name.txt'), 'x\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'start');
    git('mv', 'old name.txt', 'new name.txt');
    writeFileSync(join(dir, 'untracked "quoted".txt'), 'y\n');
    const port = new GitCli(runner, dir);
    assert.deepEqual((await port.changedPaths()).sort(), ['new name.txt', 'untracked "quoted".txt']);
  });

  it('reads the origin remote, and pushes a branch to it with its upstream set', async () => {
    init();
    const port = new GitCli(runner, dir);
    assert.equal(await port.remoteUrl('origin'), undefined);
    const bare = mkdtempSync(join(tmpdir(), 'devops-git-origin-'));
    try {
      execFileSync('git', ['init', '--quiet', '--bare', bare]);
      git('remote', 'add', 'origin', bare);
      assert.equal(await port.remoteUrl('origin'), bare);
      writeFileSync(join(dir, 'a.txt'), 'a\n');
      git('add', '.');
      git('commit', '--quiet', '-m', 'first');
      git('checkout', '--quiet', '-b', 'feature/DL-7-login');
      await port.pushBranch('feature/DL-7-login');
      assert.equal(execFileSync('git', ['rev-parse', 'refs/heads/feature/DL-7-login'], { cwd: bare, encoding: 'utf8' }).trim(), git('rev-parse', 'HEAD'));
      assert.equal(git('rev-parse', '--abbrev-ref', '@{upstream}'), 'origin/feature/DL-7-login');
      assert.deepEqual(started.at(-1)?.args, ['push', '--set-upstream', 'origin', 'refs/heads/feature/DL-7-login:refs/heads/feature/DL-7-login']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('refuses in an untrusted workspace instead of answering "no repository"', async () => {
    init();
    const untrusted = new CheckedProcessRunner(
      { assertTrusted: (action) => { throw new DevopsError('untrusted', `Restricted Mode: ${action}`); }, isApproved: () => true },
      node,
    );
    const port = new GitCli(untrusted, dir);
    await assert.rejects(port.isRepository(), (e: unknown) => DevopsError.is(e, 'untrusted'));
    await assert.rejects(port.head(), (e: unknown) => DevopsError.is(e, 'untrusted'));
  });

  it('the runner starts no other program on the product\'s own account, and no shell line', () => {
    assert.throws(() => runner.start({ purpose: { kind: 'internal' }, command: 'git status', cwd: dir }), (e: unknown) => DevopsError.is(e, 'forbidden'));
    assert.throws(() => runner.start({ purpose: { kind: 'internal' }, file: 'sh', args: ['-c', 'true'], cwd: dir }), (e: unknown) => DevopsError.is(e, 'forbidden'));
    assert.throws(() => runner.start({ purpose: { kind: 'stage', source: 'x' }, file: 'true', args: [], cwd: dir }), (e: unknown) => DevopsError.is(e, 'forbidden'));
    assert.equal(started.length, 0);
  });
});

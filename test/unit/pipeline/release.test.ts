import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitCli } from '../../../src/backends/git/gitCli';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { applyRelease, previewRelease, type ReleaseOptions } from '../../../src/backends/pipeline/local/gitRelease';
import { ReleaseStageExecutor } from '../../../src/backends/pipeline/local/releaseStageExecutor';
import { DevopsError } from '../../../src/core/errors';
import { engineFor, tempDir } from './pipelineTestKit';

async function repoWith(dir: string, commits: string[], version = '1.2.3'): Promise<SimpleGit> {
  const git = simpleGit(dir);
  await git.init(['-b', 'main']);
  await git.addConfig('user.name', 'Rel Tester').addConfig('user.email', 'rel@example.test').addConfig('commit.gpgsign', 'false').addConfig('tag.gpgsign', 'false');
  writeFileSync(join(dir, 'package.json'), `{\n    "name": "demo",\n    "version": "${version}"\n}\n`);
  writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## 1.2.3 (2026-01-01)\n\n- older entry\n');
  await git.add('.').commit('chore: start');
  await git.addAnnotatedTag(`v${version}`, 'first');
  for (const [i, message] of commits.entries()) {
    writeFileSync(join(dir, `f${i}.txt`), message);
    await git.add('.').commit(message);
  }
  return git;
}

const gitRunner = new NodeProcessRunner({ isTrusted: () => true });
const optionsFor = (workspace: string, extra: Partial<ReleaseOptions> = {}): ReleaseOptions => ({
  workspace,
  git: new GitCli(gitRunner, workspace),
  bump: 'auto',
  push: false,
  date: new Date('2026-11-27T12:00:00Z'),
  ...extra,
});

// The release through the Git port (the git binary via the process runner); simple-git
// only prepares and inspects the repositories.
describe('release through the Git port', function () {
  let ws: ReturnType<typeof tempDir>;
  beforeEach(() => (ws = tempDir('devops-release-')));
  afterEach(() => ws.remove());

  it('previews the next version from conventional commits without writing, then releases', async () => {
    const git = await repoWith(ws.path, ['fix(api): handle empty body', 'feat(web): dark mode', 'docs: typo']);
    const head = await git.revparse(['HEAD']);
    const preview = await previewRelease(optionsFor(ws.path));
    assert.deepEqual([preview.currentVersion, preview.version, preview.tag, preview.previousTag, preview.bump], ['1.2.3', '1.3.0', 'v1.3.0', 'v1.2.3', 'minor']);
    assert.deepEqual(preview.files, ['package.json', 'CHANGELOG.md']);
    assert.equal(preview.changelog, '## 1.3.0 (2026-11-27)\n\n### Features\n\n' + `- **web:** dark mode (${preview.commits[1]?.hash.slice(0, 7)})\n\n### Fixes\n\n- **api:** handle empty body (${preview.commits[2]?.hash.slice(0, 7)})\n`);
    assert.ok((await git.status()).isClean(), 'the preview wrote nothing');
    assert.equal(await git.revparse(['HEAD']), head);

    await applyRelease(optionsFor(ws.path), preview);
    assert.equal((JSON.parse(readFileSync(join(ws.path, 'package.json'), 'utf8')) as { version: string }).version, '1.3.0');
    assert.match(readFileSync(join(ws.path, 'package.json'), 'utf8'), /^{\n {4}"name"/, 'indentation kept');
    const changelog = readFileSync(join(ws.path, 'CHANGELOG.md'), 'utf8');
    assert.ok(changelog.startsWith(`# Changelog\n\n${preview.changelog}\n## 1.2.3`), changelog);
    assert.equal((await git.log({ maxCount: 1 })).latest?.message, 'chore(release): v1.3.0');
    assert.equal((await git.raw(['cat-file', '-t', 'v1.3.0'])).trim(), 'tag', 'an annotated tag');
    assert.equal((await git.raw(['rev-parse', 'v1.3.0^{commit}'])).trim(), await git.revparse(['HEAD']));
    assert.ok((await git.status()).isClean());
  });

  it('a breaking change makes a major release, by "!" or by a BREAKING CHANGE note', async () => {
    await repoWith(ws.path, ['feat!: drop node 16']);
    assert.equal((await previewRelease(optionsFor(ws.path))).version, '2.0.0');
    const other = tempDir('devops-release-');
    try {
      await repoWith(other.path, ['fix: rename flag\n\nBREAKING CHANGE: --old is gone']);
      assert.equal((await previewRelease(optionsFor(other.path))).version, '2.0.0');
    } finally {
      other.remove();
    }
  });

  it('fixes alone make a patch release, and a configured bump wins', async () => {
    await repoWith(ws.path, ['fix: one', 'chore: two']);
    assert.equal((await previewRelease(optionsFor(ws.path))).version, '1.2.4');
    assert.equal((await previewRelease(optionsFor(ws.path, { bump: 'major' }))).version, '2.0.0');
  });

  it('a dirty tree stops it before anything is written', async () => {
    await repoWith(ws.path, ['feat: x']);
    writeFileSync(join(ws.path, 'f0.txt'), 'edited');
    await assert.rejects(previewRelease(optionsFor(ws.path)), (e: unknown) => DevopsError.is(e, 'conflict') && /uncommitted changes \(f0\.txt\)/.test(e.message));
  });

  it('an existing tag stops it', async () => {
    const git = await repoWith(ws.path, ['feat: x']);
    // The tag sits on another branch, so it is not the last tag of main, only in the way.
    await git.checkout(['-b', 'side', 'v1.2.3']);
    writeFileSync(join(ws.path, 'side.txt'), 'side');
    await git.add('.').commit('chore: side');
    await git.addTag('v1.3.0');
    await git.checkout('main');
    await assert.rejects(previewRelease(optionsFor(ws.path)), (e: unknown) => DevopsError.is(e, 'conflict') && e.message === 'tag v1.3.0 already exists');
  });

  it('an unparsable version file stops it with the reason', async () => {
    const git = await repoWith(ws.path, ['feat: x']);
    writeFileSync(join(ws.path, 'package.json'), '{ "version": "1.2.3", }');
    await git.add('.').commit('chore: break json');
    await assert.rejects(previewRelease(optionsFor(ws.path)), (e: unknown) => DevopsError.is(e, 'invalid-data') && /^version file package\.json cannot be parsed/.test(e.message));
  });

  it('uses a plain VERSION file and pushes commit and tag when configured', async () => {
    const remote = tempDir('devops-remote-');
    try {
      await simpleGit(remote.path).init(true);
      const git = await repoWith(ws.path, ['fix: y']);
      writeFileSync(join(ws.path, 'VERSION'), '1.2.3\n');
      await git.add('.').commit('fix: version file');
      await git.addRemote('origin', remote.path);
      const options = optionsFor(ws.path, { versionFile: 'VERSION', push: true });
      const preview = await previewRelease(options);
      await applyRelease(options, preview);
      assert.equal(readFileSync(join(ws.path, 'VERSION'), 'utf8'), '1.2.4\n');
      const remoteTags = await simpleGit(remote.path).tags();
      assert.ok(remoteTags.all.includes('v1.2.4'));
    } finally {
      remote.remove();
    }
  });

  it('runs as a pipeline stage, logs the preview, and stops when the preview is declined', async () => {
    await repoWith(ws.path, ['feat: z']);
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const declined = engineFor(ws.path, { release: { kind: 'release' } }, { executors: { release: new ReleaseStageExecutor(runner, () => Promise.resolve(false)) } });
    const stopped = await declined.run();
    assert.equal(stopped.stages[0]?.status, 'cancelled');
    assert.equal(stopped.stages[0]?.reason, 'release not confirmed');
    assert.ok(!existsSync(join(ws.path, '.git', 'refs', 'tags', 'v1.3.0')));

    const accepted = engineFor(ws.path, { release: { kind: 'release' } }, { executors: { release: new ReleaseStageExecutor(runner, () => Promise.resolve(true)) } });
    const run = await accepted.run();
    assert.equal(run.stages[0]?.status, 'succeeded', run.stages[0]?.reason);
    assert.equal(run.stages[0]?.reason, 'released v1.3.0');
    assert.match(readFileSync(run.stages[0].logFile, 'utf8'), /^Release 1\.2\.3 → 1\.3\.0 \(minor, 1 commits since v1\.2\.3\)/);
  });
});

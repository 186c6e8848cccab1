import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitCli } from '../../../src/backends/git/gitCli';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { describeDrift, readReleaseDrift } from '../../../src/core/pipeline/releaseDrift';
import { tempDir } from './pipelineTestKit';

// Drift against a real repository shaped as the release leaves it: `chore(release): vX`
// commits with annotated tags `vX` on main, feature commits after them, a branch that is
// not main, and a lightweight tag someone made by hand that is no release.
describe('drift of a running version from the default branch', () => {
  let ws: ReturnType<typeof tempDir>;
  let git: SimpleGit;
  let port: GitCli;
  const signal = (): AbortSignal => AbortSignal.timeout(10_000);

  const commit = async (message: string, file = 'app.js'): Promise<void> => {
    writeFileSync(join(ws.path, file), `${message}\n${Math.random()}\n`);
    await git.add('.').commit(message);
  };
  const release = async (version: string): Promise<void> => {
    writeFileSync(join(ws.path, 'package.json'), `{\n  "name": "web",\n  "version": "${version}"\n}\n`);
    await git.add('.').commit(`chore(release): v${version}`);
    await git.addAnnotatedTag(`v${version}`, `Release v${version}\n\n## ${version}\n`);
  };

  beforeEach(async () => {
    ws = tempDir('devops-drift-');
    git = simpleGit(ws.path);
    await git.init(['-b', 'main']);
    await git.addConfig('user.name', 'Rel Ease').addConfig('user.email', 'rel@example.test').addConfig('commit.gpgsign', 'false').addConfig('tag.gpgsign', 'false');
    port = new GitCli(new NodeProcessRunner({ isTrusted: () => true }), ws.path);
    await commit('feat: first');
    await release('1.4.0');
  });
  afterEach(() => ws.remove());

  it('counts the commits main has after the running version and names the newest release on main', async () => {
    await commit('fix: a bug');
    await commit('feat: search');
    await release('1.5.0');
    await git.addTag('handmade-marker');
    const drift = await readReleaseDrift(port, '1.4.0', signal());
    assert.deepEqual(drift, { behind: 3, mainVersion: '1.5.0', branch: 'main' });
    assert.equal(describeDrift('staging', '1.4.0', drift), 'staging runs 1.4.0, main is 1.5.0 (3 commits ahead)');
  });

  it('says only how many commits when no release came after the running one, and counts main even when another branch is checked out', async () => {
    await commit('docs: readme', 'README.md');
    await git.checkoutLocalBranch('feature/x');
    await commit('feat: half done');
    await commit('feat: still half done');
    const drift = await readReleaseDrift(port, '1.4.0', signal());
    assert.deepEqual(drift, { behind: 1, mainVersion: '1.4.0', branch: 'main' });
    assert.equal(describeDrift('staging', '1.4.0', drift), 'staging runs 1.4.0, main is 1 commit ahead');
  });

  it('knows no drift when main is at the running release, the version has no tag, or is no version', async () => {
    assert.equal(await readReleaseDrift(port, '1.4.0', signal()), undefined);
    await commit('feat: more');
    assert.equal(await readReleaseDrift(port, '1.3.9', signal()), undefined, 'no v1.3.9 tag to count from');
    assert.equal(await readReleaseDrift(port, 'latest', signal()), undefined);
    assert.equal(await readReleaseDrift(port, undefined, signal()), undefined);
  });

  it('knows no drift in a folder that is no repository', async () => {
    const bare = tempDir('devops-drift-none-');
    try {
      assert.equal(await readReleaseDrift(new GitCli(new NodeProcessRunner({ isTrusted: () => true }), bare.path), '1.4.0', signal()), undefined);
    } finally {
      bare.remove();
    }
  });
});

import assert from 'node:assert/strict';
import { bumpVersion, parseCommit, prependChangelog } from '../../../src/core/pipeline/conventionalCommits';

describe('conventional commits', () => {
  it('reads type, scope, breaking mark and subject', () => {
    assert.deepEqual(parseCommit('h1', 'feat(api)!: new auth'), { hash: 'h1', type: 'feat', scope: 'api', subject: 'new auth', breaking: true });
    assert.deepEqual(parseCommit('h2', 'Merge branch x'), { hash: 'h2', type: 'other', subject: 'Merge branch x', breaking: false });
    assert.equal(parseCommit('h3', 'fix: a\n\nBREAKING-CHANGE: b').breaking, true);
  });

  it('bumps versions and drops pre-release suffixes', () => {
    assert.equal(bumpVersion('0.9.9', 'patch'), '0.9.10');
    assert.equal(bumpVersion('1.2.3-rc.1', 'minor'), '1.3.0');
    assert.throws(() => bumpVersion('one', 'major'), /not a version/);
  });

  it('puts a new section under the title, or makes one', () => {
    assert.equal(prependChangelog('', '## 1.0.0\n'), '# Changelog\n\n## 1.0.0\n');
    assert.equal(prependChangelog('# Log\n\n## 0.1.0\n', '## 1.0.0\n'), '# Log\n\n## 1.0.0\n\n## 0.1.0\n');
  });
});

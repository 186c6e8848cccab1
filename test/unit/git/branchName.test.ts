import * as assert from 'node:assert/strict';
import { branchNameFor, itemIdForBranch, slugify } from '../../../src/core/git/branchName';

describe('branch names', () => {
  it('slugs titles to bounded lowercase ASCII with dashes', () => {
    assert.equal(slugify('Fix: Ünïcode login (SSO) — fast!'), 'fix-unicode-login-sso-fast');
    const long = slugify('A very long title that keeps going well past any sensible branch length limit', 30);
    assert.ok(long.length <= 30, long);
    assert.equal(long, 'a-very-long-title-that-keeps');
    assert.equal(slugify('日本語'), '');
  });

  it('fills the template and keeps the name valid for git', () => {
    assert.equal(branchNameFor({ id: 'DL-101', title: 'Validate order lines' }, 'feature/{id}-{slug}'), 'feature/DL-101-validate-order-lines');
    assert.equal(branchNameFor({ id: '#42', title: 'Fix it' }, 'feature/{id}-{slug}'), 'feature/42-fix-it');
    assert.equal(branchNameFor({ id: 'X-1', title: '!!!' }, 'feature/{id}-{slug}'), 'feature/X-1');
    assert.equal(branchNameFor({ id: 'A..B', title: 'x' }, '{id}/{slug}.lock'), 'A.B/x');
  });

  it('finds the item of a branch, preferring the longest matching id', () => {
    const ids = ['DL-10', 'DL-101', '#42'];
    assert.equal(itemIdForBranch('feature/DL-101-validate', ids, 'feature/{id}-{slug}'), 'DL-101');
    assert.equal(itemIdForBranch('feature/DL-10-x', ids, 'feature/{id}-{slug}'), 'DL-10');
    assert.equal(itemIdForBranch('feature/42-fix-it', ids, 'feature/{id}-{slug}'), '#42');
    assert.equal(itemIdForBranch('feature/DL-1011-x', ids, 'feature/{id}-{slug}'), undefined);
    assert.equal(itemIdForBranch('main', ids, 'feature/{id}-{slug}'), undefined);
    assert.equal(itemIdForBranch(undefined, ids, 'feature/{id}-{slug}'), undefined);
  });
});

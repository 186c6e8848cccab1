import * as assert from 'node:assert/strict';
import { RunTransitions, wantsNotification } from '../../../src/core/ci/ciTransitions';
import type { CiNotifyScope, NotifyAudience } from '../../../src/core/ci/ciTransitions';
import type { CiRun } from '../../../src/core/ci/ciTypes';

function run(id: string, fields: Partial<CiRun>): CiRun {
  return { id, title: `run ${id}`, workflow: 'CI', status: 'failed', ...fields };
}

describe('CI notification scope: mine is the run actor, watched adds branches', () => {
  const mineOnMain = run('1', { actor: 'octocat', branch: 'main' });
  const othersOnMain = run('2', { actor: 'hubot', branch: 'main' });
  const othersOnFeature = run('3', { actor: 'hubot', branch: 'feature/x' });
  const mineOnFeature = run('4', { actor: 'OctoCat', branch: 'feature/y' });
  const nobodys = run('5', { branch: 'feature/x' });
  const all = [mineOnMain, othersOnMain, othersOnFeature, mineOnFeature, nobodys];
  const audience: NotifyAudience = { me: 'octocat', watchBranches: ['main'] };
  const told = (scope: CiNotifyScope, who = audience): string[] => all.filter((r) => wantsNotification(scope, r, who)).map((r) => r.id);

  it('mine: runs whose actor is the signed-in user, whatever the branch, case aside', () => {
    assert.deepEqual(told('mine'), ['1', '4']);
  });

  it('watched: mine plus any run on a watched branch', () => {
    assert.deepEqual(told('watched'), ['1', '2', '4']);
  });

  it('all and off ignore who started the run', () => {
    assert.deepEqual(told('all'), ['1', '2', '3', '4', '5']);
    assert.deepEqual(told('off'), []);
  });

  it('while the user is unknown nothing is mine; watched branches still notify', () => {
    const unknown: NotifyAudience = { watchBranches: ['main'] };
    assert.deepEqual(told('mine', unknown), []);
    assert.deepEqual(told('watched', unknown), ['1', '2']);
  });

  it('the branch I have checked out does not make a run mine', () => {
    // The old approximation counted runs of the current branch as mine; a teammate's run on it is not.
    const teammateOnMyBranch = run('6', { actor: 'hubot', branch: 'feature/y' });
    assert.equal(wantsNotification('mine', teammateOnMyBranch, { me: 'octocat', watchBranches: [] }), false);
  });

  it('scopes the transitions RunTransitions reports', () => {
    const transitions = new RunTransitions();
    transitions.observe([run('10', { actor: 'octocat', branch: 'x', status: 'running', createdAt: 1 }), run('11', { actor: 'hubot', branch: 'x', status: 'running', createdAt: 2 })]);
    const found = transitions.observe([run('10', { actor: 'octocat', branch: 'x', status: 'failed', createdAt: 1 }), run('11', { actor: 'hubot', branch: 'x', status: 'failed', createdAt: 2 })]);
    assert.deepEqual(found.map((t) => t.run.id), ['10', '11']);
    assert.deepEqual(found.filter((t) => wantsNotification('mine', t.run, { me: 'octocat', watchBranches: [] })).map((t) => t.run.id), ['10']);
  });
});

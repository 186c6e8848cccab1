import * as assert from 'node:assert/strict';
import type { CiRun } from '../../../src/core/ci/ciTypes';
import { ciBranchReport } from '../../../src/core/status/ciBranchStatus';

const run = (id: string, workflow: string, branch: string, status: CiRun['status']): CiRun => ({ id, title: `${workflow} #${id}`, workflow, branch, status });

describe('the current branch\'s CI in the status bar', () => {
  it('counts the newest run of each workflow on the branch: a fixed re-run clears an old failure', () => {
    const runs = [run('9', 'CI', 'feature/x', 'succeeded'), run('8', 'CI', 'feature/x', 'failed'), run('7', 'Lint', 'feature/x', 'running'), run('6', 'CI', 'main', 'failed')];
    const report = ciBranchReport([{ provider: 'octo-org/octo-repo', runs }], 'feature/x', 'devops.ci.focus');
    assert.equal(report.level, 'info');
    assert.equal(report.text, 'CI running on feature/x');
    assert.equal(report.tooltip, 'CI on feature/x:\n… Lint #7 (octo-org/octo-repo): running\n✓ CI #9 (octo-org/octo-repo): succeeded');
  });

  it('a failure leads and names the failing workflows; nothing on the branch says nothing', () => {
    const failing = ciBranchReport([{ provider: 'a', runs: [run('3', 'CI', 'b', 'failed')] }, { provider: 'ci/job', runs: [run('2', 'build', 'b', 'succeeded'), run('1', 'deploy', 'b', 'failed')] }], 'b', 'devops.ci.focus');
    assert.equal(failing.level, 'error');
    assert.equal(failing.text, 'CI failed: CI, deploy');
    assert.equal(failing.command, 'devops.ci.focus');
    assert.equal(ciBranchReport([{ provider: 'a', runs: [run('3', 'CI', 'main', 'failed')] }], 'b', 'x').level, 'idle');
    assert.equal(ciBranchReport([{ provider: 'a', runs: [run('3', 'CI', 'b', 'succeeded')] }], undefined, 'x').level, 'idle');
    assert.equal(ciBranchReport([{ provider: 'a', runs: [run('3', 'CI', 'b', 'succeeded')] }], 'b', 'x').text, 'CI passed');
  });
});

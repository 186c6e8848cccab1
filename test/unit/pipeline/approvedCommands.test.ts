import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ApprovalFile } from '../../../src/backends/pipeline/local/approvalFile';
import { ApprovedCommands, plannedCommands, type PlannedCommand } from '../../../src/core/pipeline/approvedCommands';
import { configOf, tempDir } from './pipelineTestKit';

describe('approved commands', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('devops-approve-')));
  afterEach(() => dir.remove());

  const config = configOf({
    environments: { staging: { deploy: './deploy.sh staging' } },
    pipeline: { stages: { build: { run: 'npm run build' }, test: { run: 'npm test', needs: ['build'] }, ship: { kind: 'deploy', environment: 'staging', needs: ['test'] } } },
  });

  it('lists the exact commands a run would start, deploy commands included', () => {
    assert.deepEqual(plannedCommands(config), [
      { source: 'build', command: 'npm run build' },
      { source: 'test', command: 'npm test' },
      { source: 'environment staging', command: './deploy.sh staging' },
    ]);
    assert.deepEqual(plannedCommands(config, ['test']), [{ source: 'test', command: 'npm test' }]);
  });

  it('asks once for new texts, remembers them across restarts, and asks again when a text changes', async () => {
    const file = new ApprovalFile(join(dir.path, 'approvals.json'));
    const store = new ApprovedCommands(file, '/ws/a');
    await store.load();
    const asked: PlannedCommand[][] = [];
    const yes = (missing: PlannedCommand[]): Promise<boolean> => {
      asked.push(missing);
      return Promise.resolve(true);
    };
    assert.equal(await store.ensureApproved(plannedCommands(config), yes), true);
    assert.equal(asked.length, 1);

    const restarted = new ApprovedCommands(new ApprovalFile(join(dir.path, 'approvals.json')), '/ws/a');
    await restarted.load();
    assert.equal(await restarted.ensureApproved(plannedCommands(config), yes), true);
    assert.equal(asked.length, 1, 'nothing new to ask');

    const changed = [{ source: 'test', command: 'npm test -- --bail' }];
    assert.equal(restarted.isApproved('npm test -- --bail'), false);
    assert.equal(await restarted.ensureApproved(changed, () => Promise.resolve(false)), false);
    assert.equal(restarted.isApproved('npm test -- --bail'), false, 'declined stays unapproved');
  });

  it('approvals of one workspace do not hold in another', async () => {
    const file = new ApprovalFile(join(dir.path, 'approvals.json'));
    const a = new ApprovedCommands(file, '/ws/a');
    await a.approve(['make deploy']);
    const b = new ApprovedCommands(file, '/ws/b');
    await b.load();
    assert.equal(b.isApproved('make deploy'), false);
    await b.approve(['make test']);
    await a.load();
    assert.equal(a.isApproved('make deploy'), true, "b's save kept a's approvals");
  });
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApprovalFile } from '../../../src/backends/process/approvalFile';
import { approvalChanges, describePending } from '../../../src/core/approval/approvalChanges';
import { ApprovedCommands, type PendingApproval } from '../../../src/core/approval/approvedCommands';
import { plannedCommands } from '../../../src/core/pipeline/stageCommands';
import type { ApprovableCommand } from '../../../src/core/ports';
import { configOf, tempDir } from '../pipeline/pipelineTestKit';

describe('approved commands', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('devops-approve-')));
  afterEach(() => dir.remove());

  const ws = '/ws/a';
  const config = configOf({
    environments: { staging: { deploy: './deploy.sh staging' }, prod: { deploy: './deploy.sh prod' } },
    pipeline: {
      stages: {
        build: { run: 'npm run build', env: { CI: true } },
        test: { run: 'npm test', needs: ['build'], cwd: 'packages/app' },
        ship: { kind: 'deploy', environment: 'staging', needs: ['test'] },
        hotfix: { kind: 'deploy', environment: 'prod', run: './hotfix.sh', env: { FORCE: '1' } },
      },
    },
  });
  const stage = (command: string, extra: Partial<ApprovableCommand> = {}): ApprovableCommand => ({ purpose: { kind: 'stage', source: 'test' }, command, cwd: ws, env: {}, ...extra });
  const store = (scope = ws): ApprovedCommands => new ApprovedCommands(new ApprovalFile(join(dir.path, 'approvals.json')), scope);

  it('plans exactly what each stage starts: command, its variables, its folder and its kind', () => {
    assert.deepEqual(plannedCommands(config, ws), [
      { purpose: { kind: 'stage', source: 'build' }, command: 'npm run build', cwd: ws, env: { CI: 'true' } },
      { purpose: { kind: 'stage', source: 'test' }, command: 'npm test', cwd: `${ws}/packages/app`, env: {} },
      { purpose: { kind: 'deploy', source: 'ship' }, command: './deploy.sh staging', cwd: ws, env: {} },
      { purpose: { kind: 'deploy', source: 'hotfix' }, command: './hotfix.sh', cwd: ws, env: { FORCE: '1' } },
    ]);
    assert.deepEqual(plannedCommands(config, ws, ['test']).map((c) => c.command), ['npm test']);
  });

  it('asks once, remembers across restarts, and asks again when the command, a variable, the folder or the kind changes', async () => {
    const asked: PendingApproval[][] = [];
    const yes = (pending: PendingApproval[]): Promise<boolean> => {
      asked.push(pending);
      return Promise.resolve(true);
    };
    const first = store();
    await first.load();
    assert.equal(await first.ensureApproved(plannedCommands(config, ws), yes), true);
    assert.equal(asked.length, 1);

    const restarted = store();
    await restarted.load();
    assert.equal(await restarted.ensureApproved(plannedCommands(config, ws), yes), true);
    assert.equal(asked.length, 1, 'nothing new to ask');

    const build = plannedCommands(config, ws, ['build'])[0];
    const variants: [string, ApprovableCommand][] = [
      ['command', { ...build, command: 'npm run build -- --prod' }],
      ['NODE_OPTIONS added', { ...build, env: { ...build.env, NODE_OPTIONS: '--require ./evil.js' } }],
      ['PATH set', { ...build, env: { ...build.env, PATH: './bin' } }],
      ['a variable changed', { ...build, env: { CI: 'false' } }],
      ['folder', { ...build, cwd: '/tmp' }],
      ['kind', { ...build, purpose: { kind: 'probe', source: 'build' } }],
    ];
    for (const [what, variant] of variants) {
      assert.equal(restarted.isApproved(variant), false, what);
      assert.equal(await restarted.ensureApproved([variant], () => Promise.resolve(false)), false, what);
      assert.equal(restarted.isApproved(variant), false, `${what}: declined stays unapproved`);
    }
  });

  it('shows what changed against the approved version, old and new', async () => {
    const approved = store();
    await approved.approve([stage('npm test', { env: { CI: '1' } })]);
    const [pending] = approved.pending([stage('npm test', { env: { CI: '1', NODE_OPTIONS: '--require ./x.js' }, cwd: `${ws}/sub` })]);
    assert.ok(pending);
    assert.deepEqual(approvalChanges(pending), [
      { field: 'env NODE_OPTIONS', after: '--require ./x.js' },
      { field: 'cwd', before: ws, after: `${ws}/sub` },
    ]);
    assert.match(describePending(pending, ws), /stage test \(changed\):\n {4}env NODE_OPTIONS: \(none\) {2}→ {2}--require \.\/x\.js\n {4}cwd: \(the folder of devops\.yaml\) {2}→ {2}\.\/sub/);
    const [fresh] = approved.pending([{ ...stage('make lint'), purpose: { kind: 'stage', source: 'lint' } }]);
    assert.ok(fresh && approvalChanges(fresh).length === 0);
    assert.match(describePending(fresh, ws), /stage lint \(new\):\n {4}make lint/);
  });

  it('an approval file written before variables and folders were approved approves nothing', async () => {
    const path = join(dir.path, 'approvals.json');
    writeFileSync(path, JSON.stringify({ approvals: [{ scope: ws, command: 'npm test' }, { scope: ws, kind: 'stage', source: 'test', command: 'npm run lint', env: {}, cwd: ws }] }));
    const approvals = new ApprovedCommands(new ApprovalFile(path), ws);
    await approvals.load();
    assert.equal(approvals.isApproved(stage('npm test')), false, 'the old entry held only the text');
    assert.equal(approvals.isApproved(stage('npm run lint')), true, 'an entry of the current shape still counts');
  });

  it('approvals of one workspace do not hold in another', async () => {
    const a = store('/ws/a');
    await a.approve([stage('make deploy')]);
    const b = store('/ws/b');
    await b.load();
    assert.equal(b.isApproved(stage('make deploy')), false);
    await b.approve([stage('make test')]);
    await a.load();
    assert.equal(a.isApproved(stage('make deploy')), true, "b's save kept a's approvals");
  });
});

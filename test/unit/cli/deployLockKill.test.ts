import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupAlive, signalGroup } from '../../../src/backends/process/processGroup';
import { waitFor } from '../monitor/waitFor';
import { bundleCli, type CliBundle } from './cliBundle';

// One deploy per environment must hold when the process that started it dies without
// cleaning up (kill -9, a closed terminal): its deploy script goes on running.

describe('deploy lock after the deploying CLI is killed (built CLI)', function () {
  this.timeout(90_000);
  let bundle: CliBundle;
  let work: string;
  let pgid: number | undefined;
  before(async () => (bundle = await bundleCli()));
  after(() => bundle.dispose());
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'devops-deploy-kill-'));
    // The script says it started, then runs until a file named "go" appears (60 s at most).
    const script = 'echo $$ > started; i=0; while [ ! -e go ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; echo done >> deployed';
    await writeFile(join(work, 'devops.yaml'), `version: 1\nenvironments:\n  staging:\n    deploy: ${JSON.stringify(script)}\n`);
  });
  afterEach(async () => {
    if (pgid !== undefined) signalGroup(pgid, 'SIGKILL');
    pgid = undefined;
    await rm(work, { recursive: true, force: true });
  });

  it('refuses a second deploy while the killed deploy\'s script runs, and allows it once the script is gone', async () => {
    const first = spawn(process.execPath, [bundle.cli, 'deploy', 'staging'], { cwd: work, stdio: 'ignore' });
    const firstGone = new Promise((resolve) => first.on('close', resolve));
    await waitFor(() => existsSync(join(work, 'started')), 'the deploy script to start', 20_000);
    first.kill('SIGKILL');
    await firstGone;
    pgid = Number(readFileSync(join(work, 'started'), 'utf8'));
    assert.ok(groupAlive(pgid), 'the deploy script outlives the killed CLI');

    const second = await bundle.run(work, 'deploy', 'staging');
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /a deploy to "staging" is already running: pid \d+ on .*\(its command: process group \d+\)/);

    await writeFile(join(work, 'go'), '');
    await waitFor(() => !groupAlive(pgid!), 'the deploy script to end', 20_000);
    const third = await bundle.run(work, 'deploy', 'staging');
    assert.equal(third.code, 0, third.stderr);
    assert.equal(readFileSync(join(work, 'deployed'), 'utf8'), 'done\ndone\n');
  });
});

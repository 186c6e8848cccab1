import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groupAlive, signalGroup } from '../../../src/backends/process/processGroup';
import { waitFor } from '../monitor/waitFor';
import { cliSuite } from './cliBundle';

// One deploy per environment must hold when the process that started it dies without
// cleaning up (kill -9, a closed terminal): its deploy script goes on running.

describe('deploy lock after the deploying CLI is killed (built CLI)', function () {
  this.timeout(90_000);
  const cli = cliSuite('devops-deploy-kill-');
  let pgid: number | undefined;
  beforeEach(async () => {
    // The script says it started, then runs until a file named "go" appears (60 s at most).
    const script = 'echo $$ > started; i=0; while [ ! -e go ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; echo done >> deployed';
    await writeFile(join(cli.work, 'devops.yaml'), `version: 1\nenvironments:\n  staging:\n    deploy: ${JSON.stringify(script)}\n`);
  });
  afterEach(() => {
    if (pgid !== undefined) signalGroup(pgid, 'SIGKILL');
    pgid = undefined;
  });

  it('refuses a second deploy while the killed deploy\'s script runs, and allows it once the script is gone', async () => {
    const first = spawn(process.execPath, [cli.bundle.cli, 'deploy', 'staging'], { cwd: cli.work, stdio: 'ignore' });
    const firstGone = new Promise((resolve) => first.on('close', resolve));
    // Killed once the deploy runs: its script started and the lock names the script's group.
    const lock = join(cli.work, '.devops', 'locks', 'deploy-staging.lock');
    await waitFor(() => existsSync(join(cli.work, 'started')) && existsSync(lock) && readFileSync(lock, 'utf8').includes('"pgid"'), 'the deploy script to start', 20_000);
    first.kill('SIGKILL');
    await firstGone;
    pgid = Number(readFileSync(join(cli.work, 'started'), 'utf8'));
    assert.ok(groupAlive(pgid), 'the deploy script outlives the killed CLI');

    const second = await cli.bundle.run(cli.work, 'deploy', 'staging');
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /a deploy to "staging" is already running: pid \d+ on .*\(its command: process group \d+\)/);

    await writeFile(join(cli.work, 'go'), '');
    await waitFor(() => !groupAlive(pgid!), 'the deploy script to end', 20_000);
    const third = await cli.bundle.run(cli.work, 'deploy', 'staging');
    assert.equal(third.code, 0, third.stderr);
    assert.equal(readFileSync(join(cli.work, 'deployed'), 'utf8'), 'done\ndone\n');
  });
});

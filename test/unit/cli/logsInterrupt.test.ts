import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '../monitor/waitFor';
import { cliSuite } from './cliBundle';

// `devops-loop logs` in a real terminal session: a FIFO among the log files gets a clear
// refusal, the other files are followed, and Ctrl+C (SIGINT) still ends the command.

describe('devops-loop logs with a FIFO among the files (child process)', function () {
  this.timeout(60_000);
  const cli = cliSuite('devops-logs-fifo-');

  it('refuses the FIFO, follows the rest, and ends on Ctrl+C', async () => {
    const work = cli.work;
    await mkdir(join(work, 'logs'));
    execFileSync('mkfifo', [join(work, 'logs', 'pipe.log')]);
    await writeFile(join(work, 'logs', 'api.log'), '');
    await writeFile(join(work, 'devops.yaml'), 'version: 1\nservices:\n  api:\n    logs:\n      - file: logs/pipe.log\n      - file: logs/api.log\n');
    const child = spawn(process.execPath, [cli.bundle.cli, 'logs', 'api', '--no-color'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await waitFor(() => stderr.includes('Following') && stderr.includes('not a regular file'), 'the refusal and the followed file', 10_000);
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running 5 s after SIGINT'), 5000))]);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /\[api:pipe\.log\] Not following .*pipe\.log: .*not a regular file/);
    } finally {
      child.kill('SIGKILL');
      // A follower stuck in open() on the FIFO waits for a writer; give it one so nothing hangs.
      execFileSync('sh', ['-c', `exec 3>"${join(work, 'logs', 'pipe.log')}" & sleep 0.2; kill $! 2>/dev/null; true`]);
    }
  });
});

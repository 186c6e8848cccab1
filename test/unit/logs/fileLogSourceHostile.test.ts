import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogSource } from '../../../src/backends/logs/fileLogSource';
import { CollectingSink, waitFor } from '../monitor/waitFor';

// What a log file can do to a follower that tail -F users know: be rewritten between two
// polls, be a FIFO nobody writes to, or be a link out of the repository.

describe('FileLogSource against odd files', () => {
  let dir: string;
  let controller: AbortController;
  let following: Promise<void> | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-logs-odd-'));
    controller = new AbortController();
  });

  afterEach(async () => {
    controller.abort();
    await following;
    following = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file truncated and refilled past its old size within one poll loses no line and is reported as truncated', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '2026-11-27T10:00:00Z INFO old 1\n2026-11-27T10:00:01Z INFO old 2\n');
    const sink = new CollectingSink();
    following = new FileLogSource({ name: 'app', path, pollMs: 500 }).follow(sink, controller.signal);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, '2026-11-27T10:00:02Z INFO seen\n');
    await waitFor(() => sink.texts.length === 1, 'the appended line');
    // One synchronous truncate-and-write: the follower cannot poll in between.
    const refill = Array.from({ length: 6 }, (_, i) => `2026-11-27T11:00:0${i}Z WARN new ${i + 1}`);
    writeFileSync(path, `${refill.join('\n')}\n`);
    await waitFor(() => sink.texts.length >= 7, 'the lines of the rewritten file', 5000);
    assert.deepEqual(sink.texts, ['2026-11-27T10:00:02Z INFO seen', ...refill]);
    assert.ok(sink.hasStatus('following', 'was truncated'), JSON.stringify(sink.statuses));
  });

  it('refuses a FIFO at once, without waiting for a writer, and stops following it', async () => {
    const path = join(dir, 'pipe.log');
    execFileSync('mkfifo', [path]);
    const sink = new CollectingSink();
    let stopped = false;
    following = new FileLogSource({ name: 'pipe', path, pollMs: 20 }).follow(sink, controller.signal).then(() => void (stopped = true));
    try {
      await waitFor(() => stopped, 'the follower to stop by itself', 5000);
    } finally {
      // Unblocks an open() that waits for a writer, so a failing run does not hang the test process.
      if (!stopped) execFileSync('sh', ['-c', `exec 3>"${path}"; sleep 0.2`]);
    }
    assert.ok(sink.hasStatus('error', 'not a regular file'), JSON.stringify(sink.statuses));
  });

  it('refuses a log path that a symbolic link leads out of the workspace, naming the path and never the content', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'devops-logs-outside-'));
    try {
      writeFileSync(join(outside, 'secret.log'), 'password=hunter2\n');
      mkdirSync(join(dir, 'logs'));
      symlinkSync(join(outside, 'secret.log'), join(dir, 'logs', 'app.log'));
      const sink = new CollectingSink();
      following = new FileLogSource({ name: 'app', path: join(dir, 'logs', 'app.log'), workspace: dir, fromStart: true, pollMs: 20 }).follow(sink, controller.signal);
      await following;
      assert.ok(sink.hasStatus('error', 'log file'), JSON.stringify(sink.statuses));
      assert.ok(sink.hasStatus('error', 'leads outside the workspace through a symbolic link'), JSON.stringify(sink.statuses));
      assert.deepEqual(sink.texts, []);
      assert.doesNotMatch(JSON.stringify(sink.statuses), /hunter2/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

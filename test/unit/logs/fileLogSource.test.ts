import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogSource } from '../../../src/backends/logs/fileLogSource';
import { LogModel } from '../../../src/core/monitor/logModel';
import type { LogAppend } from '../../../src/core/monitor/logTypes';
import { CollectingSink, waitFor } from '../monitor/waitFor';

describe('FileLogSource on real files', () => {
  let dir: string;
  let controller: AbortController;
  let following: Promise<void> | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-logs-'));
    controller = new AbortController();
  });

  afterEach(async () => {
    controller.abort();
    await following;
    following = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function follow(path: string, sink: CollectingSink, fromStart = false): void {
    following = new FileLogSource({ name: 'app', path, fromStart, pollMs: 20 }).follow(sink, controller.signal);
  }

  it('starts at the end by default and sees lines appended while followed', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, 'old 1\nold 2\n');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, 'new 1\nnew ');
    await waitFor(() => sink.texts.length === 1, 'first new line');
    appendFileSync(path, '2\n');
    await waitFor(() => sink.texts.length === 2, 'second new line');
    assert.deepEqual(sink.texts, ['new 1', 'new 2']);
    assert.deepEqual(sink.received.map((r) => r.source), ['app', 'app']);
  });

  it('reads from the start when asked', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, 'old 1\nold 2\n');
    const sink = new CollectingSink();
    follow(path, sink, true);
    await waitFor(() => sink.texts.length === 2, 'existing lines');
    assert.deepEqual(sink.texts, ['old 1', 'old 2']);
  });

  it('follows across rotation (rename + new file) without losing the old file\'s last lines', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, 'before 1\n');
    await waitFor(() => sink.texts.length === 1, 'line before rotation');
    // A writer still holding the old file adds a line after the rename, as loggers do.
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, 'before 2 (late write to the rotated file)\n');
    writeFileSync(path, 'after 1\n');
    appendFileSync(path, 'after 2\n');
    await waitFor(() => sink.texts.length === 4, 'lines after rotation');
    assert.deepEqual(sink.texts, ['before 1', 'before 2 (late write to the rotated file)', 'after 1', 'after 2']);
    assert.ok(sink.hasStatus('following', 'was rotated'), JSON.stringify(sink.statuses));
  });

  it('follows across truncation (copytruncate)', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, 'a fairly long line number one\na fairly long line number two\n');
    await waitFor(() => sink.texts.length === 2, 'lines before truncation');
    truncateSync(path, 0);
    appendFileSync(path, 'short\n');
    await waitFor(() => sink.texts.length === 3, 'line after truncation');
    assert.equal(sink.texts[2], 'short');
    assert.ok(sink.hasStatus('following', 'was truncated'));
  });

  it('reports a deleted file clearly and picks it up when it reappears', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, 'one\n');
    await waitFor(() => sink.texts.length === 1, 'line');
    unlinkSync(path);
    await waitFor(() => sink.hasStatus('waiting', 'was deleted; waiting for it to reappear'), 'deleted status');
    writeFileSync(path, 'two\n');
    await waitFor(() => sink.texts.length === 2, 'line of the new file');
    assert.deepEqual(sink.texts, ['one', 'two']);
    assert.ok(sink.hasStatus('following', 'reappeared'));
  });

  it('waits for a file that does not exist yet and reads it whole when it appears', async () => {
    const path = join(dir, 'later.log');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('waiting', 'does not exist yet'), 'waiting status');
    writeFileSync(path, 'first\n');
    await waitFor(() => sink.texts.length === 1, 'first line');
    assert.deepEqual(sink.texts, ['first']);
  });

  it('keeps invalid UTF-8 lines and the rest of each line', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, Buffer.concat([Buffer.from('bad '), Buffer.from([0xfe, 0xed]), Buffer.from(' tail\nok\n')]));
    await waitFor(() => sink.texts.length === 2, 'lines');
    assert.deepEqual(sink.texts, ['bad \ufffd\ufffd tail', 'ok']);
  });

  it('keeps a 1 MB single line bounded and the following lines intact', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const sink = new CollectingSink();
    follow(path, sink);
    await waitFor(() => sink.hasStatus('following', 'Following'), 'following');
    appendFileSync(path, `ERROR ${'x'.repeat(1024 * 1024)}\nafter\n`);
    await waitFor(() => sink.texts.length === 2, 'both lines');
    assert.ok(sink.texts[0].length < 70 * 1024, `kept ${sink.texts[0].length} characters`);
    assert.match(sink.texts[0], /^ERROR x+ … \[line of 1048582 bytes truncated\]$/);
    assert.equal(sink.texts[1], 'after');
  });

  it('delivers a burst of 50,000 numbered lines in a second to the model: none dropped or duplicated', async () => {
    const path = join(dir, 'burst.log');
    writeFileSync(path, '');
    const model = new LogModel({ reorderWindowMs: 50 });
    const appends: LogAppend[] = [];
    model.onDidAppend((a) => appends.push(a));
    following = new FileLogSource({ name: 'burst', path, pollMs: 20 }).follow(model, controller.signal);
    await waitFor(() => model.sourceStatuses().some((s) => s.status.state === 'following'), 'following');
    const started = Date.now();
    for (let block = 0; block < 50; block++) {
      appendFileSync(path, Array.from({ length: 1000 }, (_, i) => `2026-11-27T10:00:00Z INFO line ${block * 1000 + i}\n`).join(''));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (block + 1) * 20 - Date.now())));
    }
    await waitFor(() => model.nextSeq >= 50_000, 'all lines', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = appends.flatMap((a) => a.lines);
    assert.equal(lines.length, 50_000);
    lines.forEach((line, i) => {
      assert.equal(line.seq, i);
      assert.equal(line.text, `2026-11-27T10:00:00Z INFO line ${i}`);
    });
  });

  it('reads a file of several megabytes from its start into the model, every kept line intact when read afterwards', async () => {
    // Lines are decoded from the bytes they were read into when something reads them, long
    // after the read: each read must land in bytes of its own.
    const path = join(dir, 'big.log');
    const count = 60_000;
    writeFileSync(path, Array.from({ length: count }, (_, i) => `2026-11-27T10:00:00.${String(i % 1000).padStart(3, '0')}Z WARN [api] GET /orders/${i} ${'é'.repeat(i % 7)}\r\n`).join(''));
    const model = new LogModel({ capacity: 50_000, reorderWindowMs: 0 });
    following = new FileLogSource({ name: 'big', path, fromStart: true, pollMs: 20 }).follow(model, controller.signal);
    await waitFor(() => model.nextSeq >= count, 'all lines', 15_000);
    const kept = model.range(0, count);
    assert.equal(kept.length, 50_000);
    kept.forEach((line, k) => {
      const i = k + 10_000;
      assert.equal(line.seq, i);
      assert.equal(line.text, `2026-11-27T10:00:00.${String(i % 1000).padStart(3, '0')}Z WARN [api] GET /orders/${i} ${'é'.repeat(i % 7)}`);
      assert.equal(line.level, 'warn');
      assert.equal(line.time, Date.parse('2026-11-27T10:00:00Z') + (i % 1000));
    });
  });

  // What a log file can also be: rewritten between two polls, a FIFO nobody writes to, a link out of the repository.
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

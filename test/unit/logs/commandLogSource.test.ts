import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandLogSource } from '../../../src/backends/logs/commandLogSource';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { LogModel } from '../../../src/core/monitor/logModel';
import { CollectingSink, waitFor } from '../monitor/waitFor';

const node = JSON.stringify(process.execPath);

describe('CommandLogSource through the real process runner', () => {
  let dir: string;
  const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 500 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-logcmd-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, body);
    return `${node} ${JSON.stringify(path)}`;
  }

  it('streams stdout and stderr lines until aborted', async () => {
    const command = script('follow.js', `
      let i = 0;
      process.stderr.write('WARN starting\\n');
      setInterval(() => process.stdout.write('INFO tick ' + i++ + '\\n'), 10);
    `);
    const sink = new CollectingSink();
    const controller = new AbortController();
    const done = new CommandLogSource({ name: 'cmd', command, cwd: dir, runner }).follow(sink, controller.signal);
    await waitFor(() => sink.texts.length >= 5, 'some lines');
    controller.abort();
    await done;
    assert.ok(sink.texts.includes('WARN starting'));
    assert.deepEqual(sink.texts.filter((t) => t.startsWith('INFO')).slice(0, 3), ['INFO tick 0', 'INFO tick 1', 'INFO tick 2']);
    assert.equal(sink.statuses.at(-1)?.state, 'ended');
    assert.match(sink.statuses.at(-1)!.message, /^Stopped /);
  });

  it('says clearly when a command exits at once with an error', async () => {
    const command = script('fail.js', `process.stderr.write('Error from server (NotFound): pods "api-0" not found\\n'); process.exit(1);`);
    const sink = new CollectingSink();
    await new CommandLogSource({ name: 'cmd', command, cwd: dir, runner }).follow(sink, new AbortController().signal);
    const last = sink.statuses.at(-1)!;
    assert.equal(last.state, 'error');
    assert.match(last.message, /exited with code 1 after \d+\.\d s: Error from server \(NotFound\): pods "api-0" not found$/);
  });

  it('says clearly when a command exits at once successfully (not a follow command)', async () => {
    const sink = new CollectingSink();
    await new CommandLogSource({ name: 'cmd', command: 'echo one-shot', cwd: dir, runner }).follow(sink, new AbortController().signal);
    assert.deepEqual(sink.texts, ['one-shot']);
    assert.match(sink.statuses.at(-1)!.message, /exited at once after 1 line; a log command must keep running/);
  });

  it('refuses in an untrusted workspace with a clear status', async () => {
    const untrusted = new NodeProcessRunner({ isTrusted: () => false });
    const sink = new CollectingSink();
    await new CommandLogSource({ name: 'cmd', command: 'echo hi', cwd: dir, runner: untrusted }).follow(sink, new AbortController().signal);
    assert.equal(sink.texts.length, 0);
    assert.equal(sink.statuses.at(-1)?.state, 'error');
    assert.match(sink.statuses.at(-1)!.message, /^Not run: .*not trusted/);
  });

  it('delivers a burst of 50,000 numbered lines to the model: none dropped or duplicated', async () => {
    const command = script('burst.js', `
      let i = 0;
      function more() {
        let chunk = '';
        for (let k = 0; k < 1000 && i < 50000; k++) chunk += 'line ' + i++ + '\\n';
        if (chunk) process.stdout.write(chunk, more);
      }
      more();
    `);
    const model = new LogModel({ reorderWindowMs: 20 });
    await new CommandLogSource({ name: 'burst', command, cwd: dir, runner, quickExitMs: 0 }).follow(model, new AbortController().signal);
    model.flush();
    const lines = model.range(0, 60_000);
    assert.equal(lines.length, 50_000);
    lines.forEach((line, i) => assert.equal(line.text, `line ${i}`));
    assert.equal(model.sourceStatuses()[0]?.status.state, 'ended');
  });
});

import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import type { CliIo } from '../../../src/cli/cliCommand';
import { createLogsCommand, terminalSafe } from '../../../src/cli/commands/logs';
import { waitFor } from '../monitor/waitFor';

class Captured implements CliIo {
  stdout = '';
  stderr = '';
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}

describe('devops-loop logs <service>', () => {
  let dir: string;
  const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 500 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-logscli-'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'api.log'), 'already there\n');
    writeFileSync(join(dir, 'events.js'), `process.stdout.write(JSON.stringify({ level: 'error', msg: 'boom' }) + '\\n'); setInterval(() => {}, 1000);`);
    writeFileSync(join(dir, 'devops.yaml'), [
      'version: 1',
      'services:',
      '  api:',
      '    logs:',
      '      - file: logs/api.log',
      `      - command: ${JSON.stringify(`${process.execPath} events.js`)}`,
      '  quiet: {}',
      '',
    ].join('\n'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function command(controller: AbortController) {
    return createLogsCommand({ runner, pollMs: 20, colorAllowed: false, stopSignal: () => ({ signal: controller.signal, release: () => undefined }) });
  }

  it('follows every declared source with source prefix and level until stopped', async () => {
    const controller = new AbortController();
    const io = new Captured();
    const running = command(controller).run(['api', '--config', dir], io);
    await waitFor(() => io.stdout.includes('boom'), 'command output');
    await waitFor(() => io.stderr.includes('Following'), 'file followed');
    appendFileSync(join(dir, 'logs', 'api.log'), '2026-11-27T10:00:00Z WARN [api] slow\n');
    await waitFor(() => io.stdout.includes('slow'), 'file line');
    controller.abort();
    assert.equal(await running, 0);
    assert.ok(!io.stdout.includes('already there'), 'starts at the end of files');
    const lines = io.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('api:2       | ERROR {"level":"error","msg":"boom"}'), io.stdout);
    assert.ok(lines.includes('api:api.log | WARN  2026-11-27T10:00:00Z WARN [api] slow'), io.stdout);
  });

  it('prints what the files hold with --from-start', async () => {
    const controller = new AbortController();
    const io = new Captured();
    const running = command(controller).run(['api', '-c', join(dir, 'devops.yaml'), '--from-start'], io);
    await waitFor(() => io.stdout.includes('already there'), 'existing line');
    controller.abort();
    assert.equal(await running, 0);
  });

  it('names the services when the one asked for does not exist, and says when one has no logs', async () => {
    const controller = new AbortController();
    const io = new Captured();
    assert.equal(await command(controller).run(['apj', '-c', dir], io), 1);
    assert.match(io.stderr, /No service named "apj"; services: api, quiet/);
    assert.equal(await command(controller).run(['quiet', '-c', dir], io), 1);
    assert.match(io.stderr, /service "quiet" declares no logs/);
  });

  it('reports config problems with their position', async () => {
    writeFileSync(join(dir, 'devops.yaml'), 'version: 1\nservices:\n  api:\n    logz: []\n');
    const io = new Captured();
    assert.equal(await command(new AbortController()).run(['api', '-c', dir], io), 1);
    assert.match(io.stderr, /devops\.yaml:4:5: error: /);
  });

  it('keeps log text from driving the terminal', () => {
    const hostile = 'a\x1b]0;pwned\x07b\x1b[2Jc\x1b[31mred\x1b[0m\x07\x00d';
    assert.equal(terminalSafe(hostile, false), 'abcredd');
    assert.equal(terminalSafe(hostile, true), 'abc\x1b[31mred\x1b[0md\x1b[0m');
  });
});

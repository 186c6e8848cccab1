import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusCommand } from '../../../src/cli/commands/status';
import { refusedPort, startHttpServer, type TestHttpServer } from './localServers';

interface Captured {
  out: string;
  err: string;
}

async function runStatus(args: string[]): Promise<{ code: number } & Captured> {
  const captured: Captured = { out: '', err: '' };
  const code = await statusCommand.run(args, { out: (t) => void (captured.out += t), err: (t) => void (captured.err += t) });
  return { code, ...captured };
}

describe('devops-loop status', () => {
  let server: TestHttpServer;
  let dir: string;

  before(async () => {
    server = await startHttpServer();
  });

  after(() => server.close());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-status-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeConfig(services: string): void {
    writeFileSync(join(dir, 'devops.yaml'), `version: 1\nservices:\n${services}`);
  }

  it('exits 0 and prints "2/2 up" when every probed service is up', async () => {
    writeConfig(`  web:\n    health: { http: "${server.base}/fast" }\n  worker:\n    health: { command: "exit 0" }\n  docs: {}\n`);
    const { code, out } = await runStatus([dir]);
    assert.equal(code, 0, out);
    assert.match(out, /^Services: 2\/2 up\n/);
    assert.match(out, /up {8}web .* HTTP 200/);
    assert.match(out, /- {9}docs .* no health check/);
  });

  it('exits 1 and names the service that is down; --json has the same facts', async () => {
    const port = await refusedPort();
    writeConfig(`  web:\n    health: { http: "${server.base}/fast" }\n  api:\n    health: { http: "${server.base}/500" }\n  db:\n    health: { tcp: "127.0.0.1:${port}" }\n`);
    const text = await runStatus([join(dir, 'devops.yaml')]);
    assert.equal(text.code, 1);
    assert.match(text.out, /^Services: api, db down \(1\/3 up\)\n/);
    const json = await runStatus([dir, '--json']);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.out) as { ok: boolean; sections: { name: string; ok: boolean; items: { name: string; state: string; detail: string }[] }[] };
    assert.equal(parsed.ok, false);
    assert.equal(parsed.sections[0].name, 'services');
    assert.deepEqual(
      parsed.sections[0].items.map((i) => `${i.name}:${i.state}`),
      ['web:up', 'api:down', 'db:down'],
    );
    assert.match(parsed.sections[0].items[1].detail, /HTTP 500/);
  });

  it('a slow answer over the threshold is degraded and fails the status', async () => {
    writeConfig(`  web:\n    health: { http: "${server.base}/slow?ms=200", degradedMs: 50 }\n`);
    const { code, out } = await runStatus([dir]);
    assert.equal(code, 1);
    assert.match(out, /Services: web degraded/);
  });

  it('an invalid config prints its problems and exits 1; a bad option is a usage error', async () => {
    writeFileSync(join(dir, 'devops.yaml'), 'version: 1\nservices:\n  web:\n    helth: {}\n');
    const { code, err } = await runStatus([dir]);
    assert.equal(code, 1);
    assert.match(err, /devops\.yaml:4:5: error:/);
    await assert.rejects(runStatus(['--bogus']), { name: 'CliUsageError' });
  });
});

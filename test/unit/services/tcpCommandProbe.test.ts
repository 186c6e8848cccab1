import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandProbe } from '../../../src/backends/probes/commandProbe';
import { createProbe } from '../../../src/backends/probes/createProbe';
import { createTcpProbe, parseHostPort } from '../../../src/backends/probes/tcpProbe';
import { CheckedProcessRunner } from '../../../src/backends/process/checkedProcessRunner';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { notFoundLookup, refusedPort, startTcpListener } from './localServers';
import { openNetwork } from '../../../src/backends/http/openNetwork';

const signal = (): AbortSignal => new AbortController().signal;

describe('TCP probe against real sockets on 127.0.0.1', () => {
  let listener: { port: number; close(): Promise<void> };

  before(async () => {
    listener = await startTcpListener();
  });

  after(() => listener.close());

  it('a listener that accepts is up', async () => {
    const result = await createTcpProbe({ network: openNetwork, address: `127.0.0.1:${listener.port}`, timeoutMs: 1_000 }).check(signal());
    assert.equal(result.state, 'up');
    assert.equal(typeof result.latencyMs, 'number');
  });

  it('a port that refuses is down', async () => {
    const port = await refusedPort();
    const result = await createTcpProbe({ network: openNetwork, address: `127.0.0.1:${port}`, timeoutMs: 1_000 }).check(signal());
    assert.equal(result.state, 'down');
    assert.equal(result.reason, 'refused');
  });

  it('a host that does not resolve is down with reason dns; a bad address is unknown', async () => {
    const dns = await createTcpProbe({ network: openNetwork, address: 'db.invalid:5432', timeoutMs: 1_000, lookup: notFoundLookup }).check(signal());
    assert.equal(dns.reason, 'dns');
    for (const address of ['localhost', 'localhost:0', 'localhost:99999', ':80']) {
      const result = await createTcpProbe({ network: openNetwork, address, timeoutMs: 100 }).check(signal());
      assert.equal(result.reason, 'invalid-target', address);
      assert.equal(result.state, 'unknown');
    }
  });

  it('parses host:port and [v6]:port', () => {
    assert.deepEqual(parseHostPort('localhost:5432'), { host: 'localhost', port: 5432 });
    assert.deepEqual(parseHostPort('[::1]:6379'), { host: '::1', port: 6379 });
    assert.equal(parseHostPort('a:b'), undefined);
  });
});

describe('command probe through the real NodeProcessRunner', () => {
  let cwd: string;
  const trusted = new NodeProcessRunner({ isTrusted: () => true, graceMs: 200 });

  before(() => {
    cwd = mkdtempSync(join(tmpdir(), 'devops-probe-'));
  });

  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('exit 0 is up, exit 3 is down with the last output line', async () => {
    const up = await createCommandProbe({ service: 'db', command: 'exit 0', cwd, runner: trusted, timeoutMs: 5_000 }).check(signal());
    assert.equal(up.state, 'up');
    const down = await createCommandProbe({ service: 'db', command: 'echo "db: connection refused" >&2; exit 3', cwd, runner: trusted, timeoutMs: 5_000 }).check(signal());
    assert.equal(down.state, 'down');
    assert.equal(down.reason, 'exit-code');
    assert.equal(down.detail, 'exit 3: db: connection refused');
  });

  it('a command that hangs is down at its timeout', async () => {
    const result = await createCommandProbe({ service: 'db', command: 'sleep 30', cwd, runner: trusted, timeoutMs: 300 }).check(signal());
    assert.equal(result.state, 'down');
    assert.equal(result.reason, 'timeout');
  });

  it('an untrusted workspace gives unknown, not an exception', async () => {
    const untrusted = new NodeProcessRunner({ isTrusted: () => false });
    const result = await createCommandProbe({ service: 'db', command: 'exit 0', cwd, runner: untrusted, timeoutMs: 1_000 }).check(signal());
    assert.equal(result.state, 'unknown');
    assert.equal(result.reason, 'untrusted');
  });

  it('a command not approved as it is does not run: the runner refuses and the probe says why', async () => {
    const approved = new Set(['pg_isready -q']);
    const runner = new CheckedProcessRunner({ assertTrusted: () => undefined, isApproved: (c) => c.purpose.kind === 'probe' && approved.has(c.command) }, trusted);
    const marker = join(cwd, 'probe-ran');
    const changed = await createCommandProbe({ service: 'db', command: `touch '${marker}'`, cwd, runner, timeoutMs: 5_000 }).check(signal());
    assert.equal(changed.state, 'unknown');
    assert.equal(changed.reason, 'not-approved');
    assert.equal(existsSync(marker), false, 'nothing ran');
    approved.add(`touch '${marker}'`);
    assert.equal((await createCommandProbe({ service: 'db', command: `touch '${marker}'`, cwd, runner, timeoutMs: 5_000 }).check(signal())).state, 'up');
    assert.equal(existsSync(marker), true);
  });

  it('createProbe picks the probe the health block names', async () => {
    const base = { expectStatus: 200, interval: '10s', timeout: '1s' };
    assert.match(createProbe({ ...base, http: 'http://127.0.0.1:1/' }, { service: 'web', network: openNetwork, cwd })!.target, /^GET /);
    assert.match(createProbe({ ...base, tcp: '127.0.0.1:1' }, { service: 'web', network: openNetwork, cwd })!.target, /^tcp /);
    const command = createProbe({ ...base, command: 'exit 0' }, { service: 'db', network: openNetwork, cwd, runner: trusted })!;
    assert.equal((await command.check(signal())).state, 'up');
    assert.equal(createProbe(base, { service: 'web', network: openNetwork, cwd }), undefined);
  });
});

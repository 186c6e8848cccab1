import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

// `npm start` as a user runs it, ended the way a closed terminal ends it (SIGHUP): every
// process it started — the VS Code server, the demo services, Prometheus — must be gone,
// and a service already running from an earlier start is reused, named, and stopped too.
// It runs on a copy of demo/ on shifted ports, with its own server state.
describe('npm start', function () {
  // The first run on a fresh machine installs the VS Code server (about 3 minutes).
  this.timeout(10 * 60_000);
  const root = join(__dirname, '..', '..', '..', '..');
  let work: string;
  let demo: string;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'devops-loop-start-'));
    demo = join(work, 'demo');
    const leftOut = new Set(['logs', '.devops', 'node_modules']);
    cpSync(join(root, 'demo'), demo, { recursive: true, filter: (path) => !leftOut.has(basename(path)) });
    const portBase = 20_000 + 100 * Math.floor(Math.random() * 400);
    // The demo on Docker has its own test (demoEngines.test.ts); here it would only add an image build.
    env = { ...process.env, DEVOPS_DEMO_DIR: demo, DEVOPS_DEMO_PORT_BASE: String(portBase), DEVOPS_START_STATE_DIR: join(work, 'state'), DEVOPS_DEMO_ENGINES: '0' };
  });

  after(async () => {
    // A failed run still stops what it started: start.mjs cleans up on SIGTERM.
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    spawnSync(process.execPath, [join(demo, 'scripts', 'services.js'), 'stop'], { cwd: demo, env, stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  });

  it('prints a tokened 127.0.0.1 URL, reuses a running demo service, and stops everything on SIGHUP', async () => {
    const earlier = spawnSync(process.execPath, [join(demo, 'scripts', 'services.js'), 'start', 'store'], { cwd: demo, env, encoding: 'utf8' });
    assert.equal(earlier.status, 0, earlier.stderr);
    const earlierPid = pidOf('store');

    child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    await until(() => output.includes('Press Ctrl+C to stop.') || child?.exitCode !== null, 9 * 60_000);
    assert.ok(output.includes('Press Ctrl+C to stop.'), `npm start did not come up:\n${output}`);

    const url = new URL(/http:\/\/\S*[?&]tkn=\S+/.exec(output)?.[0] ?? 'http://missing');
    assert.equal(url.hostname, '127.0.0.1');
    assert.match(url.searchParams.get('tkn') ?? '', /^[0-9a-f]{32,}$/, 'the URL carries the connection token');
    assert.match(output, new RegExp(`store: already running \\(pid ${earlierPid}\\)`), 'the running store is reused and named');
    const servicePids = readdirSync(join(demo, '.devops', 'run')).map((file) => pidOf(basename(file, '.pid')));
    assert.ok(servicePids.length >= 3, `expected the demo services' pid files, found ${servicePids.length}`);
    const serverPort = Number(url.port);
    assert.equal(await answers(serverPort), true, 'the VS Code server answers before the hang-up');

    child.kill('SIGHUP');
    await exited;
    const alive = servicePids.filter(isAlive);
    assert.deepEqual(alive, [], 'every demo process is stopped');
    assert.equal(await answers(serverPort), false, 'the VS Code server is stopped');
  });

  function pidOf(name: string): number {
    const file = join(demo, '.devops', 'run', `${name}.pid`);
    assert.ok(existsSync(file), `${name} has no pid file`);
    return Number(readFileSync(file, 'utf8').trim());
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
}

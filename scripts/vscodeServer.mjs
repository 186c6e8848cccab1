// Starts the bare VS Code server from the cache (see shared/VSCODE-HOST.md) and the
// headless Chromium that drives its web workbench. Shared by the integration runner,
// the end-to-end test, the activation benchmark and `npm start`.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureVsCodeServer } from './vscodeServerCache.mjs';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/** Asks the kernel for a port that is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Built-in extensions a test host does not need: they activate on every window (git
 * scans, GitHub sign-in, chat) and slow startup on a busy machine. Nothing of ours uses them.
 */
export const UNNEEDED_BUILTINS = ['vscode.git', 'vscode.git-base', 'vscode.github', 'vscode.github-authentication', 'vscode.emmet', 'vscode.merge-conflict', 'vscode.debug-auto-launch'];

/**
 * Starts server-main.js bound to 127.0.0.1 and resolves once it answers HTTP.
 * connectionToken: a string is written to a 0600 file; undefined makes a random one;
 * null starts without a token (test runs only: anyone reaching the port could run commands).
 */
export async function startVsCodeServer(options) {
  const { extensionsDir, serverDataDir, disableWorkspaceTrust, disableExtensions = [], env = {}, onOutput } = options;
  const paths = ensureVsCodeServer();
  const port = options.port ?? (await freePort());
  const privateDir = mkdtempSync(join(tmpdir(), 'devops-loop-server-'));
  const token = options.connectionToken === undefined ? randomToken() : options.connectionToken;
  const args = [paths.serverMain, '--host', HOST, '--port', String(port), '--accept-server-license-terms',
    '--disable-telemetry', '--enable-smoke-test-driver', '--server-data-dir', serverDataDir, '--extensions-dir', extensionsDir];
  if (token === null) {
    args.push('--without-connection-token');
  } else {
    const tokenFile = join(privateDir, 'connection-token');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    args.push('--connection-token-file', tokenFile);
  }
  if (disableWorkspaceTrust) args.push('--disable-workspace-trust');
  for (const id of disableExtensions) args.push('--disable-extension', id);

  // Detached: the server forks extension hosts and file watchers; killing the group stops them all.
  const child = spawn(paths.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const recent = [];
  const collect = (chunk) => {
    const text = chunk.toString();
    recent.push(text);
    if (recent.length > 200) recent.shift();
    onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child.pid, exited);
    rmSync(privateDir, { recursive: true, force: true });
    runningServers.delete(stop);
  };
  runningServers.add(stop);
  try {
    await waitUntilAnswering(port, exited);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- server output ---\n${recent.join('').slice(-4000)}`);
  }
  return { port, baseUrl: `http://${HOST}:${port}`, connectionToken: token, stop, exited, output: () => recent.join('') };
}

/** stop() of every server this process started and has not stopped yet. */
const runningServers = new Set();

/** Stops every server this process started, including one still starting. */
export function stopRunningServers() {
  return Promise.all([...runningServers].map((stop) => stop()));
}

/**
 * Stops every server still running, then exits: for Ctrl+C, SIGTERM and a closed
 * terminal in the scripts, since a detached server would otherwise outlive them.
 */
export function stopServersOnInterrupt() {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const onSignal = (signal) => {
    process.stderr.write(`\n${signal}: stopping the VS Code server(s)…\n`);
    void stopRunningServers().finally(() => process.exit(130));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, onSignal);
}

function randomToken() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('hex');
}

async function killGroup(pid, exited) {
  const signalGroup = (signal) => {
    try { process.kill(-pid, signal); } catch { /* already gone */ }
  };
  signalGroup('SIGTERM');
  const timedOut = await raceTimeout(exited.then(() => false), STOP_GRACE_MS, () => true);
  // The leader may exit before its extension hosts: always sweep the group once more.
  signalGroup('SIGKILL');
  if (timedOut) await raceTimeout(exited, STOP_GRACE_MS, () => undefined);
}

async function waitUntilAnswering(port, exited) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitInfo;
  void exited.then((info) => { exitInfo = info; });
  while (Date.now() < deadline) {
    if (exitInfo) throw new Error(`VS Code server exited early (code ${exitInfo.code}, signal ${exitInfo.signal})`);
    if (await answers(port)) return;
    await delay(200);
  }
  throw new Error(`VS Code server did not answer on ${HOST}:${port} within ${READY_TIMEOUT_MS / 1000}s`);
}

function answers(port) {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: '/version', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles like `promise`, or with onTimeout() after `ms`; the timer never outlives the race. */
export async function raceTimeout(promise, ms, onTimeout) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => { try { resolve(onTimeout()); } catch (error) { reject(error); } }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** vscode-remote URI for a path on the server's file system, as the workbench payload expects. */
export function remoteUri(port, absolutePath) {
  return `vscode-remote://${HOST}:${port}${absolutePath}`;
}

/** Workbench URL opening `folder`; `payload` entries are honoured because of --enable-smoke-test-driver. */
export function workbenchUrl(server, { folder, payload, withToken = false }) {
  const query = new URLSearchParams();
  if (withToken && server.connectionToken) query.set('tkn', server.connectionToken);
  query.set('folder', folder);
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.baseUrl}/?${query.toString()}`;
}

export const CHROMIUM_PATH = process.env.DEVOPS_CHROMIUM || '/usr/bin/chromium';

/** Headless Chromium with a fresh profile that never reaches for the network; close() removes the profile. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set DEVOPS_CHROMIUM)`);
  const args = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const userDataDir = mkdtempSync(join(tmpdir(), 'devops-loop-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** Files of the built extension that a user's install holds (what the vsix would carry). */
const EXTENSION_FILES = ['package.json', 'dist', 'media', 'schemas', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', 'package.nls.json'];

/**
 * Copies an extension folder into an --extensions-dir as `publisher.name-version`,
 * which the server picks up at its next start. Older copies of the same id are removed.
 */
export function installExtensionFolder(sourceDir, extensionsDir, files = EXTENSION_FILES) {
  const manifest = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  if (existsSync(extensionsDir)) {
    for (const entry of readdirSync(extensionsDir)) {
      if (entry.startsWith(`${id}-`)) rmSync(join(extensionsDir, entry), { recursive: true, force: true });
    }
  }
  const target = join(extensionsDir, `${id}-${manifest.version}`);
  for (const name of files) {
    const from = join(sourceDir, name);
    if (!existsSync(from)) continue;
    cpSync(from, join(target, name), { recursive: true, filter: (path) => !path.endsWith('.map') && !path.endsWith('/dist/meta.json') });
  }
  return { id, folder: target, manifest };
}

// Installs the VS Code server that the npm package code-server ships into a cache
// folder outside node_modules, keyed by version, so `npm ci` stays fast and a
// machine pays the ~3 minute install once (see shared/VSCODE-HOST.md).
//
// Three things make this harder than one `npm install`:
// - Under `npm test`/`npm start`, npm exports its lifecycle environment. The inner
//   npm reads `npm_config_user_agent` (naming the outer Node 20) as its own config,
//   and code-server's postinstall takes the Node version from that agent string; so
//   the install runs with every npm_* variable removed and Node 24 first on PATH.
// - Two commands may start at once on an empty cache: one installs, under a lock;
//   the others wait for it. The install goes into a private staging folder that is
//   renamed into place whole, so nobody ever sees, or deletes, a half-made folder.
// - npm may prune inside the cache folder: the Node 24 binary and the server are
//   checked after the install, before the folder is put in place.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
const NODE_MAJOR = '24';
/** A lock older than this with a live owner is still honoured; an install takes ~3 min. */
const WAIT_LIMIT_MS = 20 * 60_000;
const POLL_MS = 1_000;

export function cacheFolder() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'devops-loop', `vscode-server-${VSCODE_VERSION}`);
}

export function serverPaths(folder = cacheFolder()) {
  return {
    node: join(folder, 'node_modules', '.bin', 'node'),
    serverMain: join(folder, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
  };
}

/** Why a folder is not a usable server, or undefined when it is. */
export function incompleteReason(folder) {
  const paths = serverPaths(folder);
  if (!existsSync(join(folder, '.complete'))) return 'no completion marker';
  if (!existsSync(paths.serverMain)) return `${paths.serverMain} is missing`;
  if (!existsSync(paths.node)) return `the Node ${NODE_MAJOR} binary ${paths.node} is missing`;
  return undefined;
}

/** The one line a failed install ends with: what happened and what to do. */
export class ServerInstallError extends Error {}

/** Returns the paths of a ready server, installing it first when the cache lacks it. */
export function ensureVsCodeServer(log = (m) => process.stderr.write(m + '\n')) {
  const folder = cacheFolder();
  if (!incompleteReason(folder)) return serverPaths(folder);
  mkdirSync(dirname(folder), { recursive: true });
  const lock = `${folder}.lock`;
  const waitedSince = Date.now();
  let said = false;
  for (;;) {
    if (!incompleteReason(folder)) return serverPaths(folder);
    if (takeLock(lock)) break;
    if (!said) {
      log(`Another process (${lockOwner(lock) ?? 'unknown'}) is installing the VS Code server into ${folder}; waiting for it.`);
      said = true;
    }
    if (Date.now() - waitedSince > WAIT_LIMIT_MS) {
      throw new ServerInstallError(`Waited ${WAIT_LIMIT_MS / 60_000} minutes for the VS Code server install holding ${lock}; remove that file if no install is running, then try again.`);
    }
    sleepSync(POLL_MS);
  }
  try {
    if (!incompleteReason(folder)) return serverPaths(folder);
    installInto(folder, log);
    return serverPaths(folder);
  } finally {
    rmSync(lock, { force: true });
  }
}

function installInto(folder, log) {
  log(`Installing VS Code server ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) into ${folder}; this takes a few minutes once.`);
  const staging = `${folder}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    // Its own package.json, or `npm install` in a bare folder prunes what was installed before.
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'devops-loop-vscode-server-cache', private: true }, null, 2));
    npmInstall(staging, `node@${NODE_MAJOR}`);
    npmInstall(staging, `code-server@${CODE_SERVER_VERSION}`);
    const nodeVersion = execFileSync(serverPaths(staging).node, ['--version'], { encoding: 'utf8' }).trim();
    if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`the installed node binary is ${nodeVersion}, not Node ${NODE_MAJOR}`);
    writeFileSync(join(staging, '.complete'), new Date().toISOString());
    const reason = incompleteReason(staging);
    if (reason) throw new Error(reason);
    // A leftover from an install that died before this fix could be in the way; nobody
    // uses it (it has no marker, and we hold the lock).
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const first = String(error?.message ?? error).split('\n')[0];
    throw new ServerInstallError(
      `Installing the VS Code server failed (${first}). Check that the npm registry is reachable and that libkrb5-dev, python3, make and g++ are installed (Debian: apt-get install libkrb5-dev build-essential python3), then run the command again.`,
    );
  }
}

/**
 * npm settings a user may give through the environment that the install needs (a registry
 * mirror, a proxy, a CA). Every other npm_* variable is the outer npm's lifecycle state
 * (user agent, local prefix, package fields) and would mislead the inner install.
 */
const KEPT_NPM_SETTINGS = /^npm_config_(registry|proxy|https[-_]proxy|noproxy|no[-_]proxy|cafile|ca|strict[-_]ssl|fetch[-_]timeout|fetch[-_]retries)$/i;

/** `npm install <spec>` in `folder` with Node 24 first on PATH and none of the outer npm's environment. */
function npmInstall(folder, spec) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((/^npm_/i.test(key) && !KEPT_NPM_SETTINGS.test(key)) || key === 'NODE' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  // npm puts each ancestor's node_modules/.bin first; the repository's must not win over Node 24.
  const outerPath = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.endsWith(join('node_modules', '.bin')));
  env.PATH = [join(folder, 'node_modules', '.bin'), ...outerPath].join(delimiter);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', spec, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, stdio: 'inherit', env });
}

/** Creates the lock file atomically; a lock whose owner is gone is taken over. */
function takeLock(lock) {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  const owner = lockOwner(lock);
  if (owner !== undefined && isAlive(owner)) return false;
  // The owner died mid-install: its staging folder is abandoned, the lock is stale.
  rmSync(lock, { force: true });
  if (owner !== undefined) rmSync(`${lock.slice(0, -'.lock'.length)}.staging-${owner}`, { recursive: true, force: true });
  return false;
}

function lockOwner(lock) {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.stdout.write(JSON.stringify(ensureVsCodeServer()) + '\n');
  } catch (error) {
    process.stderr.write(`${error instanceof ServerInstallError ? error.message : error.stack}\n`);
    process.exit(1);
  }
}

// Installs the VS Code server that the npm package code-server ships into a cache
// folder outside node_modules, keyed by version, so `npm ci` stays fast and a
// machine pays the ~3 minute install once (see shared/VSCODE-HOST.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
const NODE_MAJOR = '24';

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

/** Returns the paths of a ready server, installing it first when the cache lacks it. */
export function ensureVsCodeServer(log = (m) => process.stderr.write(m + '\n')) {
  const folder = cacheFolder();
  const paths = serverPaths(folder);
  const marker = join(folder, '.complete');
  if (existsSync(marker) && existsSync(paths.serverMain) && existsSync(paths.node)) return paths;
  log(`Installing VS Code server ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) into ${folder}; this takes a few minutes once.`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  // Its own package.json, or `npm install` in a bare folder prunes what was installed before.
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'devops-loop-vscode-server-cache', private: true }, null, 2));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  execFileSync(npm, ['install', `node@${NODE_MAJOR}`, ...quiet], { cwd: folder, stdio: 'inherit' });
  // code-server's install script compiles native modules and requires Node 24 first on PATH.
  const env = { ...process.env, PATH: join(folder, 'node_modules', '.bin') + delimiter + process.env.PATH };
  execFileSync(npm, ['install', `code-server@${CODE_SERVER_VERSION}`, ...quiet], { cwd: folder, stdio: 'inherit', env });
  if (!existsSync(paths.serverMain)) throw new Error(`code-server installed but ${paths.serverMain} is missing`);
  writeFileSync(marker, new Date().toISOString());
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = ensureVsCodeServer();
  process.stdout.write(JSON.stringify(paths) + '\n');
}

// `npm start`: builds the extension, installs it into a private extensions folder,
// starts the demo's services, and serves VS Code on 127.0.0.1 with demo/ open.
// The server keeps a connection token (random, in a file only this user can read):
// without one, anyone who can reach the port could run commands as this user.
// When a Docker engine answers, the shop also runs on it (demo/scripts/engines.js:
// Compose-labelled containers, and a Swarm stack when the engine already is a manager).
// Ctrl+C, SIGTERM and a closed terminal (SIGHUP) stop the server, the demo services and
// exactly the containers and services the demo made.
//   --port <n>     port to listen on (default: a free one)
//   --restricted   keep Workspace Trust on, so demo/ opens in Restricted Mode
//   --verbose      print the server's own output
//   --no-engines   leave Docker alone (also DEVOPS_DEMO_ENGINES=0)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DIR, REPO_ROOT } from './integrationGroups.mjs';
import { installExtensionFolder, startVsCodeServer, stopRunningServers, workbenchUrl } from './vscodeServer.mjs';

/** The server's data and extensions; DEVOPS_START_STATE_DIR moves them (the start test runs beside a user's demo). */
const STATE_DIR = process.env.DEVOPS_START_STATE_DIR || join(REPO_ROOT, '.vscode-test', 'start');

/**
 * The demo's user settings: a newcomer should see DevOps Loop, not the editor's own
 * welcome page, walkthroughs or its chat panel. Keys already in the file are the user's
 * and stay as they are.
 */
export const DEMO_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'devops.showOnStartup': true,
};

export function writeDemoUserSettings(serverDataDir) {
  const folder = join(serverDataDir, 'data', 'User');
  const file = join(folder, 'settings.json');
  let current = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Missing or not plain JSON: start from ours.
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...DEMO_USER_SETTINGS, ...current }, null, 2) + '\n');
}

/** Runs a command to its end without blocking the event loop, so a signal is handled at once. */
function run(command, args, cwd, stdio = 'inherit') {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** How demo/ starts and stops its services, found at run time: its npm scripts, else scripts/services.js. */
function demoServices() {
  const manifestPath = join(DEMO_DIR, 'package.json');
  const scripts = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')).scripts ?? {} : {};
  if (scripts.start) {
    return { start: () => run('npm', ['run', '--silent', 'start'], DEMO_DIR), stop: (stdio) => (scripts.stop ? run('npm', ['run', '--silent', 'stop'], DEMO_DIR, stdio) : true) };
  }
  const servicesScript = join(DEMO_DIR, 'scripts', 'services.js');
  if (existsSync(servicesScript)) {
    return { start: () => run(process.execPath, [servicesScript, 'start'], DEMO_DIR), stop: (stdio) => run(process.execPath, [servicesScript, 'stop'], DEMO_DIR, stdio) };
  }
  return undefined;
}

/** The shop on a Docker engine, when demo/ has scripts/engines.js and it is not turned off. */
function demoEngines(argv) {
  const script = join(DEMO_DIR, 'scripts', 'engines.js');
  if (argv.includes('--no-engines') || process.env.DEVOPS_DEMO_ENGINES === '0' || !existsSync(script)) return undefined;
  return { start: () => run(process.execPath, [script, 'start'], DEMO_DIR), stop: (stdio) => run(process.execPath, [script, 'stop'], DEMO_DIR, stdio) };
}

async function main() {
  const argv = process.argv.slice(2);
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : undefined;

  // Everything started below is detached (its own process group), so no signal sent to
  // this terminal reaches it: this process stops it, however it is asked to end. A
  // closed terminal sends SIGHUP, and writes to it fail from then on (EIO/EPIPE).
  let services;
  let engines;
  let stopping = false;
  const stopAll = async (code, terminalGone = false) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    await stopRunningServers();
    if (services) await services.stop(terminalGone ? 'ignore' : 'inherit');
    if (engines) {
      // A start still creating containers would add them after the stop had looked.
      await engines.starting;
      await engines.stop(terminalGone ? 'ignore' : 'inherit');
    }
    process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0, signal === 'SIGHUP'));

  process.stdout.write('Building the extension…\n');
  if (!(await run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], REPO_ROOT))) return stopAll(1);
  const extensionsDir = join(STATE_DIR, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const installed = installExtensionFolder(REPO_ROOT, extensionsDir);
  process.stdout.write(`Installed ${installed.id} ${installed.manifest.version} into ${extensionsDir}\n`);

  const starter = demoServices();
  if (starter && !stopping) {
    process.stdout.write('Starting the demo services (one already running from an earlier start is reused, and stopped with the rest)…\n');
    services = starter;
    if (!(await starter.start())) process.stdout.write('The demo services did not all start; the views will show them as down.\n');
  } else if (!starter) {
    process.stdout.write('demo/ has no service starter (package.json "start" or scripts/services.js): starting none.\n');
  }
  const engineStarter = demoEngines(argv);
  if (engineStarter && !stopping) {
    engines = { ...engineStarter, starting: engineStarter.start() };
    if (!(await engines.starting)) process.stdout.write('The demo on Docker did not fully start; the Services view shows what runs.\n');
  }
  if (stopping) return;

  const serverDataDir = join(STATE_DIR, 'server-data');
  writeDemoUserSettings(serverDataDir);
  let server;
  try {
    server = await startVsCodeServer({
      port,
      extensionsDir,
      serverDataDir,
      // The only folder this server opens is the repo's own demo, whose services npm start already runs.
      disableWorkspaceTrust: !argv.includes('--restricted'),
      onOutput: argv.includes('--verbose') ? (text) => process.stdout.write(text) : undefined,
    });
  } catch (error) {
    process.stderr.write(`Could not start the VS Code server: ${error.message}\n`);
    return stopAll(1);
  }
  const url = workbenchUrl(server, { folder: DEMO_DIR, withToken: true });
  process.stdout.write(`\nDevOps Loop is running on demo/. Open this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.\n`);
  const exit = await server.exited;
  if (!stopping) {
    process.stderr.write(`The VS Code server stopped by itself (code ${exit.code}, signal ${exit.signal}).\n`);
    await stopAll(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

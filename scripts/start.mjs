// `npm start`: builds the extension, installs it into a private extensions folder,
// starts the demo's services, and serves VS Code on 127.0.0.1 with demo/ open.
// The server keeps a connection token (random, in a file only this user can read):
// without one, anyone who can reach the port could run commands as this user.
// Ctrl+C stops the server and the demo services.
//   --port <n>     port to listen on (default: a free one)
//   --restricted   keep Workspace Trust on, so demo/ opens in Restricted Mode
//   --verbose      print the server's own output
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DIR, REPO_ROOT } from './integrationGroups.mjs';
import { installExtensionFolder, startVsCodeServer, workbenchUrl } from './vscodeServer.mjs';

const STATE_DIR = join(REPO_ROOT, '.vscode-test', 'start');

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return result.status === 0;
}

/** How demo/ starts and stops its services, found at run time: its npm scripts, else scripts/services.js. */
function demoServices() {
  const manifestPath = join(DEMO_DIR, 'package.json');
  const scripts = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')).scripts ?? {} : {};
  if (scripts.start) {
    return { start: () => run('npm', ['run', '--silent', 'start'], DEMO_DIR), stop: () => scripts.stop && run('npm', ['run', '--silent', 'stop'], DEMO_DIR) };
  }
  const servicesScript = join(DEMO_DIR, 'scripts', 'services.js');
  if (existsSync(servicesScript)) {
    return { start: () => run(process.execPath, [servicesScript, 'start'], DEMO_DIR), stop: () => run(process.execPath, [servicesScript, 'stop'], DEMO_DIR) };
  }
  return undefined;
}

async function main() {
  const argv = process.argv.slice(2);
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : undefined;

  process.stdout.write('Building the extension…\n');
  if (!run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], REPO_ROOT)) process.exit(1);
  const extensionsDir = join(STATE_DIR, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const installed = installExtensionFolder(REPO_ROOT, extensionsDir);
  process.stdout.write(`Installed ${installed.id} ${installed.manifest.version} into ${extensionsDir}\n`);

  const services = demoServices();
  if (services) {
    process.stdout.write('Starting the demo services…\n');
    if (!services.start()) process.stdout.write('The demo services did not all start; the views will show them as down.\n');
  } else {
    process.stdout.write('demo/ has no service starter (package.json "start" or scripts/services.js): starting none.\n');
  }

  let server;
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    await server?.stop();
    services?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    server = await startVsCodeServer({
      port,
      extensionsDir,
      serverDataDir: join(STATE_DIR, 'server-data'),
      // The only folder this server opens is the repo's own demo, whose services npm start already runs.
      disableWorkspaceTrust: !argv.includes('--restricted'),
      onOutput: argv.includes('--verbose') ? (text) => process.stdout.write(text) : undefined,
    });
  } catch (error) {
    process.stderr.write(`Could not start the VS Code server: ${error.message}\n`);
    await stopAll(1);
    return;
  }
  const url = workbenchUrl(server, { folder: DEMO_DIR, withToken: true });
  process.stdout.write(`\nDevOps Loop is running on demo/. Open this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.\n`);
  const exit = await server.exited;
  if (!stopping) {
    process.stderr.write(`The VS Code server stopped by itself (code ${exit.code}, signal ${exit.signal}).\n`);
    await stopAll(1);
  }
}

await main();

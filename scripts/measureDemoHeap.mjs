// demo.heap5minMB: the extension host's heap after five minutes of the demo (its services
// running, DevOps Loop on demo/ with the Monitor open), and how much it grew from minute 2
// to minute 5 (demo.heapGrowth2to5MB). Five minutes of wall time: `npm run bench` runs it
// only with DEVOPS_BENCH_DEMO_HEAP=1. Expects `npm run build` to have run.
//   node scripts/measureDemoHeap.mjs [--minutes 5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDemo, REPO_ROOT } from './integrationGroups.mjs';
import { runTestsInWorkbench } from './runIntegrationTests.mjs';
import { installExtensionFolder, launchBrowser, startVsCodeServer, stopServersOnInterrupt } from './vscodeServer.mjs';

// Runs in the extension host. The heap is read after a full collection (gc exposed for
// this host only), so what is measured is what stays alive, not garbage not yet collected.
const HEAP_READER = `
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');
const vscode = require('vscode');
exports.run = async function run() {
  const { id, minutes, file } = JSON.parse(process.env.DEVOPS_HEAP_OPTIONS);
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const extension = vscode.extensions.getExtension(id);
  while (!extension.isActive) await new Promise((r) => setTimeout(r, 100));
  await extension.exports.ready;
  await vscode.commands.executeCommand('devops.monitor.focus');
  const started = Date.now();
  const heapAt = async (minute) => {
    await new Promise((r) => setTimeout(r, Math.max(0, started + minute * 60000 - Date.now())));
    gc();
    return process.memoryUsage().heapUsed / (1024 * 1024);
  };
  const atTwo = await heapAt(minutes * 2 / 5);
  const atEnd = await heapAt(minutes);
  fs.writeFileSync(file, JSON.stringify({ atTwo, atEnd }));
};
`;

const READER_MANIFEST = { name: 'demo-heap-reader', publisher: 'devops-loop-fixtures', version: '0.0.1', engines: { vscode: '^1.90.0' } };

function services(workspace, action) {
  spawnSync(process.execPath, [join(workspace, 'scripts', 'services.js'), action], { cwd: workspace, stdio: 'ignore', timeout: 60_000 });
}

export async function measureDemoHeap({ minutes = 5 } = {}) {
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const root = mkdtempSync(join(tmpdir(), 'devops-loop-heap-'));
  const workspace = copyDemo(join(root, 'workspace'));
  let server;
  try {
    const extensionsDir = join(root, 'extensions');
    mkdirSync(extensionsDir);
    const ours = installExtensionFolder(REPO_ROOT, extensionsDir);
    const readerDir = join(root, 'heap-reader');
    mkdirSync(readerDir);
    writeFileSync(join(readerDir, 'package.json'), JSON.stringify(READER_MANIFEST));
    writeFileSync(join(readerDir, 'heapReader.js'), HEAP_READER);
    const file = join(root, 'heap.json');
    services(workspace, 'start');
    server = await startVsCodeServer({
      connectionToken: null,
      extensionsDir,
      serverDataDir: join(root, 'server-data'),
      disableWorkspaceTrust: true,
      env: { DEVOPS_HEAP_OPTIONS: JSON.stringify({ id: ours.id, minutes, file }) },
    });
    const browser = await launchBrowser();
    try {
      const timeoutMs = (minutes + 3) * 60_000;
      const outcome = await runTestsInWorkbench({ server, workspace, browser, testsModule: join(readerDir, 'heapReader.js'), developmentPath: readerDir, timeoutMs, onLine: () => undefined });
      if (outcome.timedOut || !existsSync(file)) throw new Error(`the workbench wrote no heap figures (exit ${outcome.exitCode}${outcome.timedOut ? ', timed out' : ''})`);
    } finally {
      await browser.close();
    }
    const { atTwo, atEnd } = JSON.parse(readFileSync(file, 'utf8'));
    return { heapMB: Math.round(atEnd * 10) / 10, growthMB: Math.round((atEnd - atTwo) * 10) / 10 };
  } finally {
    await server?.stop();
    services(workspace, 'stop');
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const minutesArg = process.argv.indexOf('--minutes');
  stopServersOnInterrupt();
  try {
    const result = await measureDemoHeap({ minutes: minutesArg >= 0 ? Number(process.argv[minutesArg + 1]) : 5 });
    process.stdout.write(`demo.heap5minMB       ${result.heapMB}\ndemo.heapGrowth2to5MB ${result.growthMB}\n`);
  } catch (error) {
    process.stderr.write(`demo heap failed: ${error.message}\n`);
    process.exit(1);
  }
}

// `npm run test:electron`: the integration groups in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (it needs
// update.code.visualstudio.com; elsewhere use `npm run test:integration`).
// Each group runs in a child process of its own, so a hung VS Code is killed with its
// whole process group when the group's timeout passes.
//   --group <name>  run only that group (repeatable)
//   --timeout <s>   per-group timeout (default 240); DEVOPS_ELECTRON_DOWNLOAD_TIMEOUT_S caps the download (default 600)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledSuites, parseResultLine, prepareWorkspace, REPO_ROOT, selectGroups, TESTS_MODULE } from './integrationGroups.mjs';
import { printSummary } from './runIntegrationTests.mjs';
import { raceTimeout } from './vscodeServer.mjs';

const SELF = fileURLToPath(import.meta.url);
const DOWNLOAD_IDLE_TIMEOUT_MS = 15_000;

async function downloadVsCode() {
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const capMs = Number(process.env.DEVOPS_ELECTRON_DOWNLOAD_TIMEOUT_S ?? 600) * 1000;
  const download = downloadAndUnzipVSCode({ version: 'stable', timeout: DOWNLOAD_IDLE_TIMEOUT_MS });
  try {
    return await raceTimeout(download, capMs, () => { throw new Error(`no VS Code after ${capMs / 1000}s`); });
  } catch (error) {
    process.stderr.write(`test:electron could not download VS Code (${error.message}).\n` +
      'It needs access to update.code.visualstudio.com; on a machine without it, run `npm run test:integration`, ' +
      'which runs the same suites in the VS Code server from the npm registry.\n');
    process.exit(1);
  }
}

/** Child mode: one group in desktop VS Code; the exit code is the run's. */
async function runOneGroup(groupName, workspace, vscodePath) {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: vscodePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS_MODULE,
      extensionTestsEnv: { DEVOPS_TEST_GROUP: groupName },
      launchArgs: [workspace, '--disable-extensions'],
    });
    process.exit(0);
  } catch {
    process.exit(1);
  }
}

function runGroupInChild(group, workspace, vscodePath, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SELF, '--child', group.name, workspace, vscodePath], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let counts;
    const relay = (stream) => (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        counts = parseResultLine(line) ?? counts;
        if (line.trim()) stream.write(`[${group.name}] ${line}\n`);
      }
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? 1 : code ?? 1, timedOut, counts });
    });
  });
}

/** On Linux desktop VS Code needs a display: re-run under xvfb-run when there is none. */
function ensureDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.DEVOPS_UNDER_XVFB) return;
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    process.stderr.write('test:electron needs a display on Linux: set DISPLAY or install xvfb (apt-get install xvfb).\n');
    process.exit(1);
  }
  const rerun = spawnSync('xvfb-run', ['-a', process.execPath, SELF, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, DEVOPS_UNDER_XVFB: '1' } });
  process.exit(rerun.status ?? 1);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return runOneGroup(argv[1], argv[2], argv[3]);
  const groups = selectGroups(argv);
  const timeoutArg = argv.indexOf('--timeout');
  const timeoutMs = (timeoutArg >= 0 ? Number(argv[timeoutArg + 1]) : 240) * 1000;
  const vscodePath = await downloadVsCode();
  ensureDisplay();
  const results = [];
  for (const group of groups) {
    const started = Date.now();
    if (compiledSuites(group).length === 0) {
      results.push({ group, status: 'skipped', note: 'no compiled tests', ms: 0 });
      continue;
    }
    if (!group.trusted) {
      // runTests always passes --disable-workspace-trust, so Restricted Mode cannot be reached.
      results.push({ group, status: 'skipped', note: 'test-electron always disables Workspace Trust', ms: 0 });
      continue;
    }
    const root = mkdtempSync(join(tmpdir(), `devops-loop-electron-${group.name}-`));
    try {
      const outcome = await runGroupInChild(group, prepareWorkspace(group, root), vscodePath, timeoutMs);
      const passed = outcome.exitCode === 0 && outcome.counts?.failed === 0;
      const note = outcome.timedOut ? `timed out after ${timeoutMs / 1000}s` : '';
      results.push({ group, status: passed ? 'passed' : 'failed', counts: outcome.counts, note, ms: Date.now() - started });
    } catch (error) {
      results.push({ group, status: 'failed', note: error.message, ms: Date.now() - started });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  printSummary(results);
  process.exit(results.some((r) => r.status === 'failed') ? 1 : 0);
}

await main();

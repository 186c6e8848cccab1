// `npm run test:integration`: runs each integration group inside a real VS Code
// extension host (the cached VS Code server, driven by headless Chromium).
// Expects `npm run build` and `tsc -p .` to have run (the npm test chain does).
//   --group <name>   run only that group (repeatable)
//   --timeout <s>    per-group timeout in seconds (default 420, or DEVOPS_GROUP_TIMEOUT_S)
//   --verbose        print every workbench log line, including known noise
//   --only <text>    run only the suite files whose path contains <text>
//   --extension <d>  extension development folder (default: the repo root)
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { COVERAGE_MARKER, parseCoverageLine, writeCoverage } from './commandCoverage.mjs';
import { compiledSuites, integrationGroups, parseResultLine, prepareWorkspace, REPO_ROOT, selectGroups, TESTS_MODULE } from './integrationGroups.mjs';
import { launchBrowser, raceTimeout, remoteUri, startVsCodeServer, stopServersOnInterrupt, UNNEEDED_BUILTINS, workbenchUrl } from './vscodeServer.mjs';

/** Workbench chatter that is expected with no network (see shared/VSCODE-HOST.md). */
const NOISE = [
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /authentication provider 'github'/,
  /getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
  /open-vsx\.org|marketplace\.visualstudio\.com/,
  /^Canceled: Canceled/,
  /^Creation of workbench contribution/,
  /^\[DefaultAccount\]/,
];

/** The extension host forwards console calls unformatted: ['%s passing', 4]. */
function formatLogArgs(args) {
  return format(...(Array.isArray(args) ? args : [args]));
}

/**
 * Opens the workbench on `workspace` with the test payload and resolves when the
 * extension host's tests end: { exitCode, timedOut, counts? }. onLine gets each log line.
 */
export async function runTestsInWorkbench({ server, workspace, developmentPath, testsModule, timeoutMs, onLine, browser }) {
  let finish;
  const finished = new Promise((resolveFinish) => { finish = resolveFinish; });
  let counts;
  let coverage;
  await browser.page.exposeFunction('codeAutomationExit', (code) => finish({ exitCode: Number(code), timedOut: false }));
  await browser.page.exposeFunction('codeAutomationLog', (type, args) => {
    const message = formatLogArgs(args);
    for (const line of message.split('\n')) {
      counts = parseResultLine(line) ?? counts;
      coverage = parseCoverageLine(line) ?? coverage;
    }
    if (!message.includes(COVERAGE_MARKER)) onLine(type, message);
  });
  const payload = [['skipWelcome', 'true'], ['extensionTestsPath', remoteUri(server.port, testsModule)]];
  if (developmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server.port, developmentPath)]);
  const deadline = Date.now() + timeoutMs;
  await browser.page.goto(workbenchUrl(server, { folder: workspace, payload }), { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  const loadedAt = Date.now();
  const outcome = await raceTimeout(finished, Math.max(0, deadline - loadedAt), () => ({ exitCode: 1, timedOut: true }));
  return { ...outcome, counts, coverage, testsEndedAfterLoadMs: outcome.timedOut ? undefined : Date.now() - loadedAt };
}

/** Prints a log message line by line under the group's name; noise goes unless verbose. */
function printer(groupName, verbose) {
  return (type, message) => {
    if (!verbose && (message.trim() === '' || NOISE.some((pattern) => pattern.test(message)))) return;
    const level = type === 'error' || type === 'warn' ? ` ${type}:` : '';
    for (const line of message.split('\n')) process.stdout.write(`[${groupName}]${level} ${line}\n`);
  };
}

async function runGroup(group, options) {
  const started = Date.now();
  if (compiledSuites(group).length === 0) {
    return { group, status: 'skipped', note: `no compiled tests in out/test/integration/suites/${group.name}/`, ms: 0 };
  }
  const root = mkdtempSync(join(tmpdir(), `devops-loop-it-${group.name}-`));
  let server;
  let browser;
  try {
    const workspace = prepareWorkspace(group, root);
    const extensionsDir = join(root, 'extensions');
    mkdirSync(extensionsDir);
    server = await startVsCodeServer({
      connectionToken: null,
      extensionsDir,
      serverDataDir: join(root, 'server-data'),
      disableWorkspaceTrust: group.trusted,
      disableExtensions: process.env.DEVOPS_KEEP_BUILTINS ? [] : UNNEEDED_BUILTINS,
      env: { DEVOPS_TEST_GROUP: group.name, ...(options.only ? { DEVOPS_TEST_ONLY: options.only } : {}) },
    });
    const serverMs = Date.now() - started;
    browser = await launchBrowser();
    const outcome = await runTestsInWorkbench({
      server, workspace, browser,
      developmentPath: options.developmentPath,
      testsModule: TESTS_MODULE,
      timeoutMs: options.timeoutMs,
      onLine: printer(group.name, options.verbose),
    });
    const passed = outcome.exitCode === 0 && outcome.counts !== undefined && outcome.counts.failed === 0;
    const phases = `server up in ${(serverMs / 1000).toFixed(1)}s, tests ended ${outcome.testsEndedAfterLoadMs === undefined ? '-' : (outcome.testsEndedAfterLoadMs / 1000).toFixed(1)}s after the page loaded`;
    const problem = outcome.timedOut ? `timed out after ${options.timeoutMs / 1000}s` : outcome.counts ? '' : `exit code ${outcome.exitCode}, no test counts reported`;
    const note = [problem, phases].filter(Boolean).join('; ');
    return { group, status: passed ? 'passed' : 'failed', counts: outcome.counts, coverage: outcome.coverage, note, ms: Date.now() - started };
  } catch (error) {
    return { group, status: 'failed', note: error.message.split('\n')[0], ms: Date.now() - started };
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function parseOptions(argv) {
  const value = (flag) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  const timeoutS = Number(value('--timeout') ?? process.env.DEVOPS_GROUP_TIMEOUT_S ?? 420);
  const extension = value('--extension');
  return {
    groups: selectGroups(argv),
    timeoutMs: timeoutS * 1000,
    verbose: argv.includes('--verbose'),
    only: value('--only'),
    developmentPath: extension ? resolve(extension) : REPO_ROOT,
  };
}

/**
 * One line per group, then `N passed, N failed` over all groups. A group that failed
 * without reporting counts (crash, timeout) counts as one failed test.
 */
export function printSummary(results) {
  let passed = 0;
  let failed = 0;
  process.stdout.write('\n');
  for (const r of results) {
    passed += r.counts?.passed ?? 0;
    failed += Math.max(r.counts?.failed ?? 0, r.status === 'failed' ? 1 : 0);
    const counts = r.counts ? ` ${r.counts.passed} passed, ${r.counts.failed} failed` : '';
    process.stdout.write(`group ${r.group.name}: ${r.status}${counts} (${(r.ms / 1000).toFixed(1)}s)${r.note ? ` - ${r.note}` : ''}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(TESTS_MODULE)) {
    process.stderr.write(`${TESTS_MODULE} is missing: run \`npx tsc -p .\` (and \`npm run build\`) first.\n`);
    process.exit(1);
  }
  stopServersOnInterrupt();
  const results = [];
  for (const group of options.groups) {
    process.stdout.write(`\n=== group ${group.name} (${group.trusted ? 'trusted' : 'Restricted Mode'}): ${group.description}\n`);
    results.push(await runGroup(group, options));
  }
  printSummary(results);
  const complete = !options.only && options.groups.length === integrationGroups.length && results.every((r) => r.coverage);
  const uncovered = writeCoverage(results.flatMap((r) => (r.coverage ? [r.coverage] : [])), { complete });
  process.exit(results.some((r) => r.status === 'failed') || uncovered ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

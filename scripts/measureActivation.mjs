// `npm run bench:activation`: how long VS Code takes to load and activate DevOps Loop
// on demo/, next to an empty extension with the same activation event in the same
// host (the floor), how long the workbench takes to ask the opened side bar's views for rows
// (viewAskMs), and how long from then until each view shows rows (firstViewMs). Both
// extensions are installed into one server; each run opens a fresh
// workbench, and a tiny tests module inside the extension host writes VS Code's own
// performance marks to a JSON file. Expects `npm run build` to have run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDemo, REPO_ROOT } from './integrationGroups.mjs';
import { runTestsInWorkbench } from './runIntegrationTests.mjs';
import { installExtensionFolder, launchBrowser, startVsCodeServer, stopServersOnInterrupt } from './vscodeServer.mjs';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'empty-extension');
const RUN_TIMEOUT_MS = 180_000;

// The tree views whose first rows are timed, and the marks each sets (src/vscode/trees/treeViewSlots.ts, rowTree.ts).
const TIMED_VIEWS = ['devops.plan', 'devops.services', 'devops.pipeline'];
const firstRowsMark = (viewId) => `devops-loop/firstRows/${viewId}`;
const firstAskMark = (viewId) => `devops-loop/firstAsk/${viewId}`;

// Runs in the extension host (CommonJS). Opens the DevOps side bar as a user would (the
// extension activates by itself: nothing here forces that), waits until both extensions
// have activated and each timed view has shown rows, then dumps VS Code's marks, the
// first-rows marks (as epoch ms, like VS Code's) and when the side bar was opened.
const MARKS_READER = `
const fs = require('node:fs');
const vscode = require('vscode');
exports.run = async function run() {
  const ids = JSON.parse(process.env.DEVOPS_MARKS_IDS);
  const rowMarks = JSON.parse(process.env.DEVOPS_ROW_MARKS);
  const openedAt = Date.now();
  await vscode.commands.executeCommand('workbench.view.extension.devops');
  const marks = () => globalThis.MonacoPerformanceMarks.getMarks();
  const rows = () => rowMarks.map((name) => performance.getEntriesByName(name, 'mark')[0]).filter(Boolean);
  const done = () => ids.every((id) => marks().some((m) => m.name === 'code/extHost/didActivateExtension/' + id)) && rows().length === rowMarks.length;
  const deadline = Date.now() + 60000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const epoch = (m) => ({ name: m.name, startTime: performance.timeOrigin + m.startTime });
  const firstRows = rows().map(epoch);
  const asks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('devops-loop/firstAsk/')).map(epoch);
  fs.writeFileSync(process.env.DEVOPS_MARKS_FILE, JSON.stringify({ marks: marks().filter((m) => m.name.startsWith('code/extHost/')), firstRows, asks, openedAt }));
};
`;

const READER_MANIFEST = { name: 'activation-marks-reader', publisher: 'devops-loop-fixtures', version: '0.0.1', engines: { vscode: '^1.90.0' } };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** load (didLoad − willLoad) + activate (didActivate − willActivate) of one id, from one run's marks. */
export function loadPlusActivateMs(marks, id) {
  const at = (event) => marks.find((m) => m.name === `code/extHost/${event}/${id}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] =
    ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if ([willLoad, didLoad, willActivate, didActivate].some((t) => t === undefined)) {
    throw new Error(`no complete activation marks for ${id}: it did not activate on the demo workspace`);
  }
  return didLoad - willLoad + (didActivate - willActivate);
}

/**
 * The first rows, split where the work changes hands. viewAskMs: from the side bar's opening
 * (or activation, if later) to the workbench's first request for rows, the workbench's own
 * share, which no extension shortens. firstViewMs: from that request (or activation, if
 * later) to the moment the slowest timed view handed over its first rows, what DevOps Loop
 * makes the user wait, features not yet loaded or devops.yaml not yet read included.
 */
export function firstViewMs({ marks, firstRows, asks = [], openedAt }, id) {
  const willActivate = marks.find((m) => m.name === `code/extHost/willActivateExtension/${id}`)?.startTime;
  const missing = TIMED_VIEWS.filter((view) => !firstRows.some((m) => m.name === firstRowsMark(view)));
  if (willActivate === undefined || missing.length > 0) throw new Error(`no first rows in ${missing.join(', ') || 'any view'} after activation`);
  const timedAsks = asks.filter((m) => TIMED_VIEWS.some((view) => m.name === firstAskMark(view)));
  if (timedAsks.length === 0) throw new Error('the workbench never asked a timed view for rows (no firstAsk mark)');
  const opened = Math.max(willActivate, openedAt);
  const asked = Math.max(willActivate, Math.min(...timedAsks.map((m) => m.startTime)));
  const perView = Object.fromEntries(firstRows.map((m) => [m.name.slice(firstRowsMark('').length), Math.round(m.startTime - asked)]));
  return { ms: Math.max(...firstRows.map((m) => m.startTime)) - asked, askMs: Math.max(0, asked - opened), perView, openedAfterActivationMs: Math.round(openedAt - willActivate) };
}

/** Median over `runs` fresh workbenches of our load+activate time and the empty extension's. */
export async function measureActivation({ runs = 5, log = () => undefined } = {}) {
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const root = mkdtempSync(join(tmpdir(), 'devops-loop-activation-'));
  let server;
  try {
    const extensionsDir = join(root, 'extensions');
    mkdirSync(extensionsDir);
    const ours = installExtensionFolder(REPO_ROOT, extensionsDir);
    const floor = installExtensionFolder(FIXTURE_DIR, extensionsDir, ['package.json', 'extension.js']);
    const workspace = copyDemo(join(root, 'workspace'));
    // The workbench runs a tests module only beside an extension under development:
    // a manifest-only one carries the reader, so both measured extensions stay installed.
    const readerDir = join(root, 'marks-reader');
    mkdirSync(readerDir);
    writeFileSync(join(readerDir, 'package.json'), JSON.stringify(READER_MANIFEST));
    const readerPath = join(readerDir, 'marksReader.js');
    writeFileSync(readerPath, MARKS_READER);
    const marksFile = join(root, 'marks.json');
    server = await startVsCodeServer({
      connectionToken: null,
      extensionsDir,
      serverDataDir: join(root, 'server-data'),
      disableWorkspaceTrust: true,
      env: { DEVOPS_MARKS_FILE: marksFile, DEVOPS_MARKS_IDS: JSON.stringify([ours.id, floor.id]), DEVOPS_ROW_MARKS: JSON.stringify(TIMED_VIEWS.map(firstRowsMark)) },
    });
    const ourTimes = [];
    const floorTimes = [];
    const viewTimes = [];
    const askTimes = [];
    for (let run = 1; run <= runs; run++) {
      rmSync(marksFile, { force: true });
      const browser = await launchBrowser();
      try {
        const outcome = await runTestsInWorkbench({
          server, workspace, browser, testsModule: readerPath, developmentPath: readerDir, timeoutMs: RUN_TIMEOUT_MS, onLine: () => undefined,
        });
        if (outcome.timedOut || !existsSync(marksFile)) throw new Error(`run ${run}: the workbench wrote no marks (exit ${outcome.exitCode}${outcome.timedOut ? ', timed out' : ''})`);
      } finally {
        await browser.close();
      }
      const dump = JSON.parse(readFileSync(marksFile, 'utf8'));
      ourTimes.push(loadPlusActivateMs(dump.marks, ours.id));
      floorTimes.push(loadPlusActivateMs(dump.marks, floor.id));
      const views = firstViewMs(dump, ours.id);
      viewTimes.push(views.ms);
      askTimes.push(views.askMs);
      log(`run ${run}/${runs}: ${ours.id} ${ourTimes.at(-1).toFixed(1)} ms, first rows ${JSON.stringify(views)}; ${floor.id} ${floorTimes.at(-1).toFixed(1)} ms`);
    }
    return { activationMs: median(ourTimes), floorMs: median(floorTimes), firstViewMs: median(viewTimes), viewAskMs: median(askTimes) };
  } finally {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
  stopServersOnInterrupt();
  try {
    const result = await measureActivation({ runs, log: (line) => process.stdout.write(line + '\n') });
    process.stdout.write(`activation.ms       ${result.activationMs.toFixed(1)}\nactivation.floorMs  ${result.floorMs.toFixed(1)}\nactivation.firstViewMs  ${result.firstViewMs.toFixed(1)}\nactivation.viewAskMs  ${result.viewAskMs.toFixed(1)}\n`);
  } catch (error) {
    process.stderr.write(`bench:activation failed: ${error.message}\n`);
    process.exit(1);
  }
}

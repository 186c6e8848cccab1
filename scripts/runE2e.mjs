// `npm run test:e2e`: installs the built extension into a fresh --extensions-dir the
// way a user's install looks, opens a trusted copy of demo/ in the web workbench, and
// checks the DevOps container, its tree views and the Monitor panel like a user would,
// then the CI Runs view signed out and, with a token, against a local GitHub replay
// server (test/e2e/githubReplay.mjs), down to a failed job's log, and the Plan view's
// Review section with the branch's pull request and its checks, and the Services view
// with a live Docker engine when one answers, and the demo itself on that engine (engines.js).
// Screenshots go to test-results/. Expects `npm run build` to have run.
//   --timeout <s>    whole-run timeout (default 300)
//   --extension <d>  built extension folder to install (default: the repo root)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { checkCiLog, checkCiSignedOut, expectedCiUi } from '../test/e2e/ciChecks.mjs';
import { FAILED_RUN, startGithubReplay } from '../test/e2e/githubReplay.mjs';
import { checkMonitorData, checkProblemsPanel, checkServiceMap, checkSidebarRunning, startDemo } from '../test/e2e/demoChecks.mjs';
import { checkDemoOnDocker } from '../test/e2e/demoDockerCheck.mjs';
import { checkEngines } from '../test/e2e/enginesCheck.mjs';
import { checkRestrictedMode } from '../test/e2e/restrictedCheck.mjs';
import { checkPlanReview, prepareReview } from '../test/e2e/reviewCheck.mjs';
import { checkFirstSight, checkList, checkMonitor, checkSidebar, expectedUi } from '../test/e2e/workbenchChecks.mjs';
import { copyDemo, REPO_ROOT } from './integrationGroups.mjs';
import { writeDemoUserSettings } from './start.mjs';
import { installExtensionFolder, launchBrowser, raceTimeout, startVsCodeServer, stopServersOnInterrupt, workbenchUrl } from './vscodeServer.mjs';

const OUT_DIR = join(REPO_ROOT, 'test-results');
const GITHUB_TOKEN = 'ghp_E2E_CI_RUNS_TOKEN';

/**
 * A browser cannot sign in to GitHub, and the replay server is neither api.github.com nor
 * an Enterprise server, so its credential is a token stored for its exact origin: the
 * test-only helper extension (test/e2e/ciTokenHelper, installed here alone) stores it
 * through DevOps Loop's test API when the e2e runs its palette command.
 */
function prepareCi(workspace, extensionsDir, replay) {
  const helper = installExtensionFolder(join(REPO_ROOT, 'test', 'e2e', 'ciTokenHelper'), extensionsDir, ['package.json', 'extension.js']);
  const configure = () => {
    const file = join(workspace, 'devops.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['pipeline', 'ci'], [{ provider: 'github', baseUrl: replay.base, repository: replay.repository, watchBranches: ['main'] }]);
    writeFileSync(file, doc.toString());
  };
  const title = helper.manifest.contributes.commands[0];
  return { configure, storeTokenCommand: `${title.category}: ${title.title}`, failedRun: FAILED_RUN, requests: () => replay.requests };
}

/** session holds what is running, so a timeout can still stop it. */
async function runChecks(root, check, session, extensionDir) {
  const extensionsDir = join(root, 'extensions');
  mkdirSync(extensionsDir);
  const installed = installExtensionFolder(extensionDir, extensionsDir);
  process.stdout.write(`installed ${installed.id} ${installed.manifest.version} into ${extensionsDir}\n`);
  const ui = expectedUi(installed.manifest);
  const ciUi = expectedCiUi(installed.manifest);
  const workspace = copyDemo(join(root, 'demo'));
  // Views are looked at in a real state: the demo running, a pipeline run finished.
  const demo = (session.demo = await startDemo(workspace));
  process.stdout.write(`demo running on port base ${demo.base}:\n${demo.status}\n`);
  // The demo on a sprint item's branch, pushed: the replay server holds that branch's pull.
  const pull = prepareReview(workspace, root);
  const replay = (session.replay = await startGithubReplay(REPO_ROOT, GITHUB_TOKEN, pull));
  const ci = prepareCi(workspace, extensionsDir, replay);
  // The user settings `npm start` gives a newcomer, so the first check sees what they see.
  const serverDataDir = join(root, 'server-data');
  writeDemoUserSettings(serverDataDir);
  const server = (session.server = await startVsCodeServer({
    connectionToken: null,
    extensionsDir,
    serverDataDir,
    disableWorkspaceTrust: true,
    env: { DEVOPS_E2E_EXTENSION_ID: installed.id, DEVOPS_E2E_GITHUB_TOKEN: GITHUB_TOKEN, DEVOPS_E2E_GITHUB_ORIGIN: replay.base },
  }));
  const browser = (session.browser = await launchBrowser({ viewport: { width: 1400, height: 900 } }));
  await browser.page.goto(workbenchUrl(server, { folder: workspace, payload: [['skipWelcome', 'true']] }), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await checkFirstSight(browser.page, ui, check);
  await checkSidebar(browser.page, ui, OUT_DIR, check);
  await checkSidebarRunning(browser.page, ui, OUT_DIR, check);
  await checkMonitor(browser.page, ui, OUT_DIR, check);
  await checkMonitorData(browser.page, OUT_DIR, check);
  await checkServiceMap(browser.page, demo, OUT_DIR, check);
  await checkProblemsPanel(browser.page, workspace, OUT_DIR, check);
  const ciPane = await checkCiSignedOut(browser.page, ui, ciUi, ci, OUT_DIR, check);
  await checkCiLog(browser.page, ciUi, ci, ciPane, OUT_DIR, check);
  await checkPlanReview(browser.page, [...ui.viewNames, ciUi.viewName], pull, OUT_DIR, check);
  await checkEngines(browser.page, [...ui.viewNames, ciUi.viewName], workspace, OUT_DIR, check, session);
  await checkDemoOnDocker(browser.page, [...ui.viewNames, ciUi.viewName], workspace, OUT_DIR, check, session);
  await checkRestrictedMode(root, extensionsDir, ui, OUT_DIR, check, session);
}

async function main() {
  const timeoutArg = process.argv.indexOf('--timeout');
  const timeoutMs = (timeoutArg >= 0 ? Number(process.argv[timeoutArg + 1]) : 300) * 1000;
  const extensionArg = process.argv.indexOf('--extension');
  const extensionDir = extensionArg >= 0 ? resolve(process.argv[extensionArg + 1]) : REPO_ROOT;
  if (!existsSync(join(extensionDir, 'dist', 'extension.js'))) {
    process.stderr.write('dist/extension.js is missing: run `npm run build` first.\n');
    process.exit(1);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  stopServersOnInterrupt();
  const root = mkdtempSync(join(tmpdir(), 'devops-loop-e2e-'));
  const { check, results } = checkList();
  const started = Date.now();
  const session = {};
  let crashed;
  try {
    const outcome = await raceTimeout(runChecks(root, check, session, extensionDir).then(() => 'done'), timeoutMs, () => 'timeout');
    if (outcome === 'timeout') crashed = `timed out after ${timeoutMs / 1000}s`;
  } catch (error) {
    crashed = error.message;
  } finally {
    await session.browser?.close();
    await session.server?.stop();
    await session.restrictedBrowser?.close();
    await session.restrictedServer?.stop();
    await session.replay?.close();
    await session.docker?.stop?.();
    await session.demoDocker?.stop();
    await session.demo?.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
  if (crashed) results.push({ name: 'run', ok: false, detail: crashed });
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (crashed) process.stdout.write(`FAIL e2e run: ${crashed}\n`);
  process.stdout.write(`e2e took ${((Date.now() - started) / 1000).toFixed(1)}s\n${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 || results.length === 0 ? 1 : 0);
}

await main();

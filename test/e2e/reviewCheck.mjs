// The Plan view's Review section as a user sees it: the demo is a git repository on the
// branch of an in-progress sprint item, pushed to a bare origin, and the GitHub replay
// server holds that branch's pull request with its checks, reviews and threads. The rows
// are read for the pull and its checks before test-results/plan-review.png is saved.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { shoot, waitForRows } from './demoChecks.mjs';
import { runPaletteCommand, showOnlyView } from './workbenchChecks.mjs';

const ITEM = { id: 'DL-104', title: 'Paginate GET /api/orders' };
const BRANCH = 'feature/DL-104-paginate-get-api-orders';

/**
 * Commits the workspace on main, checks out the item's branch and pushes it to a bare
 * origin under `root`. Returns the pull the replay server is to hold for it.
 */
export function prepareReview(workspace, root) {
  const git = (...args) => execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
  const origin = join(root, 'origin.git');
  execFileSync('git', ['init', '--quiet', '--bare', origin]);
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'demo');
  git('checkout', '--quiet', '-b', BRANCH);
  git('remote', 'add', 'origin', origin);
  git('push', '--quiet', '-u', 'origin', BRANCH);
  return { branch: BRANCH, sha: git('rev-parse', 'HEAD'), title: `${ITEM.id}: ${ITEM.title}` };
}

/** Hides the panel and collapses every other view, so the Plan view has the room. */
async function focusPlanView(page, names) {
  await runPaletteCommand(page, 'Hide Panel', 5000).catch(() => page.keyboard.press('Escape'));
  return showOnlyView(page, names, 'Plan');
}

/** Drags the side bar's edge to `width`, so the rows' descriptions are not cut off in the picture. */
async function widenSideBar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  // Off the sash, so it is not drawn highlighted.
  await page.mouse.move(box.x + width + 300, y);
}

/** names: the container's view names (CI Runs included); pull: what prepareReview returned. */
export async function checkPlanReview(page, names, pull, outDir, check) {
  await check(`the Plan view's Review section shows ${pull.title}'s pull request and its checks`, async () => {
    await runPaletteCommand(page, 'View: Close All Editors', 5000).catch(() => page.keyboard.press('Escape'));
    const pane = await focusPlanView(page, names);
    // A row's text is its label and description run together: "#1347 …open · blocked · …".
    const prRow = (row) => row.startsWith(`#1347 ${pull.title}open · `);
    // build passed; test failed on one run and runs again; lint failed; security, required,
    // never reported (pull-check-runs.json, branch-main-protected.json).
    const rows = await waitForRows(pane, 'the pull and its checks', (all) =>
      all.some((row) => prRow(row) && /· 1\/4 checks passed, 1 failed, 2 running$/.test(row)) &&
      all.includes('buildrequired · succeeded') &&
      all.includes('securityrequired · expected, not reported yet') &&
      all.includes('lintfailed') &&
      all.some((row) => /^Reviews: approved/.test(row)));
    const active = rows.find((row) => row.startsWith(ITEM.title));
    if (!active || !/● active · #1347 open · 1\/4 checks passed/.test(active)) throw new Error(`the item's row reads: ${active}`);
    await widenSideBar(page, 600);
    const path = await shoot(page, outDir, 'plan-review.png');
    return `${rows.filter((row) => prRow(row) || /required ·|^lintfailed|^Reviews/.test(row)).join(' | ')}; ${path}`;
  });
}

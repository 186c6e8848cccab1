// Checks of the DevOps UI in the web workbench, driven through Playwright like a user:
// click the activity bar, read tree rows, run a palette command, take screenshots.
// What to look for (container title, view names, the Monitor command) comes from the
// extension's package.json at run time, so renaming a view does not break the test.
import { join } from 'node:path';

export const UI_TIMEOUT_MS = 60_000;

/** Titles the checks look for, read from the manifest's contributes. */
export function expectedUi(manifest) {
  const contributes = manifest.contributes ?? {};
  const container = contributes.viewsContainers?.activitybar?.[0];
  if (!container) throw new Error('package.json contributes no activity-bar container');
  // Views shown only under a condition (CI Runs needs a `ci` list, which demo/ has not) are not expected.
  const treeViews = (contributes.views?.[container.id] ?? []).filter((view) => view.type !== 'webview' && !view.when);
  const monitorCommand = (contributes.commands ?? []).find((c) => /monitor/i.test(c.title) && /show|open/i.test(c.title));
  return {
    containerTitle: container.title,
    viewNames: treeViews.map((view) => view.name),
    monitorCommandTitle: monitorCommand ? `${monitorCommand.category ? `${monitorCommand.category}: ` : ''}${monitorCommand.title}` : undefined,
  };
}

/** Records named checks; a thrown error marks the check failed and is reported, not rethrown. */
export function checkList() {
  const results = [];
  const check = async (name, body) => {
    try {
      const detail = await body();
      results.push({ name, ok: true, detail });
    } catch (error) {
      results.push({ name, ok: false, detail: error.message.split('\n')[0] });
    }
    const last = results.at(-1);
    process.stdout.write(`${last.ok ? 'ok  ' : 'FAIL'} ${name}${last.detail ? ` - ${last.detail}` : ''}\n`);
    return last.ok;
  };
  return { check, results };
}

/** Runs a command by its palette title, as a user would. */
export async function runPaletteCommand(page, title, timeout = UI_TIMEOUT_MS) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/** The Chat side bar that opens by default is not ours: close it so screenshots show the DevOps UI. */
async function closeSecondarySideBar(page) {
  if (!(await page.locator('.part.auxiliarybar').isVisible())) return;
  await runPaletteCommand(page, 'Hide Secondary Side Bar', 5000).catch(() => page.keyboard.press('Escape'));
}

/** A row that is still loading ("Reading the sprint…") does not count as content. */
const LOADING_ROW = /(loading|reading|fetching)\b.*(…|\.\.\.)\s*$/i;

export function viewPane(page, name) {
  const title = page.locator('.pane-header .title', { hasText: new RegExp(`^${name}$`, 'i') });
  return page.locator('.part.sidebar .pane').filter({ has: title });
}

/** Expands the view `name` and collapses the container's other views, so it has the room for its shot. */
export async function showOnlyView(page, names, name) {
  for (const each of names) {
    const header = viewPane(page, each).locator('.pane-header');
    const wanted = each === name ? 'true' : 'false';
    if ((await header.getAttribute('aria-expanded').catch(() => null)) === wanted) continue;
    await header.locator('.title').click();
    for (let tries = 0; tries < 20 && (await header.getAttribute('aria-expanded')) !== wanted; tries++) await page.waitForTimeout(100);
  }
  return viewPane(page, name);
}

/**
 * What a newcomer sees before touching anything (with `npm start`'s user settings): the
 * DevOps container already open, and neither the editor's welcome page nor its chat panel.
 */
export async function checkFirstSight(page, ui, check) {
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
  await check(`the ${ui.containerTitle} container is open at first sight, with no welcome page or chat panel`, async () => {
    await page.locator('.part.sidebar .composite.title', { hasText: new RegExp(ui.containerTitle, 'i') }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const tabs = await page.locator('.part.editor .tab').allInnerTexts();
    if (tabs.some((tab) => /welcome|walkthrough/i.test(tab))) throw new Error(`editor tabs: ${tabs.join(', ')}`);
    if (await page.locator('.part.auxiliarybar').isVisible()) throw new Error('the secondary side bar (chat) is open');
    return `tabs: ${tabs.length === 0 ? 'none' : tabs.join(', ')}`;
  });
}

export async function checkSidebar(page, ui, outDir, check) {
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS });
  const containerOk = await check(`activity bar shows the ${ui.containerTitle} container`, async () => {
    const item = page.locator(`.part.activitybar .action-item [aria-label^="${ui.containerTitle}"]`).first();
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    const title = page.locator('.part.sidebar .composite.title', { hasText: new RegExp(ui.containerTitle, 'i') }).first();
    // A click on the item of the open container closes it.
    if (!(await title.isVisible())) await item.click();
    await title.waitFor({ timeout: UI_TIMEOUT_MS });
  });
  for (const name of ui.viewNames) {
    await check(`${name} view has tree rows`, async () => {
      if (!containerOk) throw new Error('container not open');
      const pane = viewPane(page, name);
      await pane.waitFor({ timeout: UI_TIMEOUT_MS });
      const header = pane.locator('.pane-header');
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      const rows = pane.locator('.monaco-list-row');
      await rows.first().waitFor({ timeout: UI_TIMEOUT_MS });
      const deadline = Date.now() + UI_TIMEOUT_MS;
      let labels = [];
      do {
        labels = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
        if (labels.some((label) => label && !LOADING_ROW.test(label))) return `${labels.length} rows, first: ${labels[0]}`;
        await page.waitForTimeout(250);
      } while (Date.now() < deadline);
      throw new Error(`only loading rows: ${labels.join(' | ')}`);
    });
  }
  await check('sidebar screenshot saved', async () => {
    await closeSecondarySideBar(page);
    await page.mouse.move(700, 450); // no hover tooltip over the activity bar in the picture
    const path = join(outDir, 'sidebar.png');
    await page.screenshot({ path });
    return path;
  });
}

export async function checkMonitor(page, ui, outDir, check) {
  const opened = await check(`palette command "${ui.monitorCommandTitle}" opens the Monitor panel`, async () => {
    if (!ui.monitorCommandTitle) throw new Error('package.json contributes no "Show Monitor" command');
    await runPaletteCommand(page, ui.monitorCommandTitle);
    await page.locator('.part.panel').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Webviews live in iframes layered over the panel, not inside its DOM.
    await page.locator('iframe.webview.ready').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });
  await check('Monitor webview renders content', async () => {
    if (!opened) throw new Error('panel not open');
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while (Date.now() < deadline) {
      // A webview is two iframes deep: VS Code's host frame, then the extension's content.
      for (const frame of page.frames()) {
        const parent = frame.parentFrame();
        if (!parent || parent === page.mainFrame()) continue;
        const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
        if (text.trim().length > 0) return `${text.trim().split('\n')[0].slice(0, 60)}`;
      }
      await page.waitForTimeout(500);
    }
    throw new Error('the Monitor webview stayed empty');
  });
  await check('monitor screenshot saved', async () => {
    await page.waitForTimeout(1000);
    const path = join(outDir, 'monitor.png');
    await page.screenshot({ path });
    return path;
  });
}

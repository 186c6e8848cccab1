// Checks of the CI Runs view as a user sees it: signed out, its welcome offers the
// sign-in; signed in (against the local GitHub replay server), its runs, and a failed
// job's log in the editor with ANSI colours painted and folding by step.
import { join } from 'node:path';
import { runPaletteCommand, UI_TIMEOUT_MS, viewPane } from './workbenchChecks.mjs';

/** The CI Runs view's name and the GitHub sign-in button of its welcome, read from the manifest. */
export function expectedCiUi(manifest) {
  const contributes = manifest.contributes ?? {};
  const view = Object.values(contributes.views ?? {}).flat().find((v) => v.id === 'devops.ci');
  const welcome = (contributes.viewsWelcome ?? []).filter((w) => w.view === 'devops.ci' && /devops\.ci\.needsSignIn/.test(w.when ?? ''));
  const button = welcome.map((w) => /\[([^\]]+)\]\(command:devops\.signInGithub\)/.exec(w.contents)?.[1]).find(Boolean);
  return { viewName: view?.name, signInButton: button };
}

/** Collapses the other DevOps views and the Monitor panel, so the CI Runs view has the room. */
async function focusCiView(page, ui, ciUi) {
  await runPaletteCommand(page, 'Hide Panel', 5000).catch(() => page.keyboard.press('Escape'));
  for (const name of ui.viewNames) {
    const header = viewPane(page, name).locator('.pane-header');
    if ((await header.getAttribute('aria-expanded').catch(() => null)) !== 'true') continue;
    await header.locator('.title').click();
    for (let tries = 0; tries < 20 && (await header.getAttribute('aria-expanded')) !== 'false'; tries++) await page.waitForTimeout(100);
  }
  const pane = viewPane(page, ciUi.viewName);
  await pane.waitFor({ timeout: UI_TIMEOUT_MS });
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

/** ci: { configure(): writes the GitHub entry into devops.yaml, storeTokenCommand, failedRun, requests(): paths the replay server was asked }. */
export async function checkCiSignedOut(page, ui, ciUi, ci, outDir, check) {
  let pane;
  const shown = await check(`${ciUi.viewName} view appears once devops.yaml names a GitHub CI`, async () => {
    if (!ciUi.viewName) throw new Error('package.json contributes no devops.ci view');
    await ci.configure();
    pane = await focusCiView(page, ui, ciUi);
  });
  await check(`signed out, the ${ciUi.viewName} welcome offers "${ciUi.signInButton}"`, async () => {
    if (!shown) throw new Error('view not shown');
    if (!ciUi.signInButton) throw new Error('no viewsWelcome button runs devops.signInGithub');
    const welcome = pane.locator('.welcome-view-content');
    await welcome.locator('.monaco-button', { hasText: ciUi.signInButton }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const rows = await pane.locator('.monaco-list-row').count();
    if (rows > 0) throw new Error(`the signed-out view shows ${rows} rows`);
    await page.mouse.move(700, 450);
    const path = join(outDir, 'ci-signed-out.png');
    await page.screenshot({ path });
    return `${(await welcome.innerText()).replace(/\s+/g, ' ').trim().slice(0, 80)}…; ${path}`;
  });
  return pane;
}

export async function checkCiLog(page, ciUi, ci, pane, outDir, check) {
  const runRow = () => pane.locator('.monaco-list-row', { hasText: ci.failedRun.title }).first();
  const listed = await check(`with a token, the ${ciUi.viewName} view lists the runs`, async () => {
    if (!pane) throw new Error('view not shown');
    await runPaletteCommand(page, ci.storeTokenCommand);
    await runRow().waitFor({ timeout: UI_TIMEOUT_MS });
    const labels = (await pane.locator('.monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    return `${labels.length} rows: ${labels.join(' | ').slice(0, 160)}`;
  });
  const opened = await check(`clicking the failed job "${ci.failedRun.job}" opens its log`, async () => {
    if (!listed) throw new Error('no runs listed');
    const asked = ci.requests().length;
    await runRow().click();
    const job = pane.locator('.monaco-list-row[aria-level="3"]', { hasText: new RegExp(`^\\s*${ci.failedRun.job}`) }).first();
    try {
      await job.waitFor({ timeout: UI_TIMEOUT_MS / 2 });
      await job.click();
      await page.locator('.editor-instance .view-lines', { hasText: 'npm test' }).first().waitFor({ timeout: UI_TIMEOUT_MS / 2 });
    } catch (error) {
      await page.screenshot({ path: join(outDir, 'ci-log-failure.png') });
      const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      const seen = ci.requests();
      throw new Error(`${error.message.split('\n')[0]}; rows: ${rows.join(' | ')}; requests (| marks the expand): ${[...seen.slice(0, asked), '|', ...seen.slice(asked)].join(', ')}`, { cause: error });
    }
  });
  await check('the log shows ANSI colours and folding by step', async () => {
    if (!opened) throw new Error('log not open');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    // Each ANSI look is a decoration type: its spans carry the generated `ced-…` class.
    const painted = editor.locator('.view-lines span[class*="ced-"]');
    await painted.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const colours = new Set(await painted.evaluateAll((spans) => spans.map((span) => getComputedStyle(span).color)));
    if (colours.size < 2) throw new Error(`coloured spans in ${colours.size} colour(s) only`);
    const folds = editor.locator('.margin-view-overlays .codicon-folding-expanded, .margin-view-overlays .codicon-folding-collapsed');
    // The folding model follows the document: its controls arrive a moment after the text.
    await folds.first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    const foldCount = await folds.count();
    if (foldCount < 3) throw new Error(`${foldCount} folding controls, expected one per step`);
    // Folding controls show on hover, as a user pointing at the gutter sees them.
    await editor.locator('.margin').first().hover();
    await page.waitForTimeout(500);
    const path = join(outDir, 'ci-log.png');
    await page.screenshot({ path });
    return `${await painted.count()} coloured spans in ${colours.size} colours, ${foldCount} folding controls; ${path}`;
  });
}

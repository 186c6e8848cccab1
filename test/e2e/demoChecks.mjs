// The demo in a real state before anything is looked at: its services running (and
// Prometheus when it is installed), a finished pipeline run with test results; then each
// view checked for what a person would look for in it before its screenshot is saved.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/integrationGroups.mjs';
import { runPaletteCommand, UI_TIMEOUT_MS, viewPane } from './workbenchChecks.mjs';

const run = promisify(execFile);
const OFFSETS = [1, 2, 3, 90];

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePortBase() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await Promise.all(OFFSETS.map((offset) => isFree(base + offset)))).every(Boolean)) return base;
  }
  throw new Error('no free port range for the demo');
}

/**
 * Starts the demo's services on free ports (devops.yaml rewritten for them) and runs build
 * and test with the CLI, the same runner the editor uses, so history holds a finished run.
 */
export async function startDemo(workspace) {
  const base = await freePortBase();
  const env = { ...process.env, DEVOPS_DEMO_PORT_BASE: String(base) };
  const { shiftPorts } = await import(join(workspace, 'services', 'lib', 'ports.js'));
  const file = join(workspace, 'devops.yaml');
  writeFileSync(file, shiftPorts(readFileSync(file, 'utf8'), base));
  const services = (...args) => run(process.execPath, [join(workspace, 'scripts', 'services.js'), ...args], { cwd: workspace, env, timeout: 90_000 });
  await services('start');
  await run(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'run', 'build', 'test', '--with-needs'], { cwd: workspace, env, timeout: 120_000 });
  const { stdout } = await services('status');
  return { base, status: stdout.trim(), stop: (...names) => services('stop', ...names) };
}

/** A Services row reads "web" then "up · 12 ms · :7301" (label and description run together in the text). */
const isUp = (row, name) => row.startsWith(name) && /^\s*up\b/.test(row.slice(name.length));

export const rowTexts = async (pane) => (await pane.locator('.monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

export async function waitForRows(pane, what, test) {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await rowTexts(pane);
    if (test(rows)) return rows;
    await pane.page().waitForTimeout(500);
  }
  throw new Error(`${what}: rows are ${rows.join(' | ')}`);
}

/** Clears notification toasts and closes a quick pick, so nothing lies over the view being shot. */
async function clearOverlays(page) {
  await page.keyboard.press('Escape');
  await runPaletteCommand(page, 'Notifications: Clear All Notifications', 5000).catch(() => page.keyboard.press('Escape'));
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  await page.mouse.move(700, 450);
}

export async function shoot(page, outDir, name) {
  await clearOverlays(page);
  const toasts = await page.locator('.notifications-toasts .notification-toast').count();
  if (toasts > 0) throw new Error(`${toasts} notification toast(s) over the view`);
  const path = join(outDir, name);
  await page.screenshot({ path });
  return path;
}

/** Sidebar: every demo service up, the CLI's run finished with its test counts. */
export async function checkSidebarRunning(page, ui, outDir, check) {
  await check('sidebar shows every demo service up and the finished run with its test results', async () => {
    const services = viewPane(page, ui.viewNames.find((name) => /services/i.test(name)) ?? 'Services');
    const serviceRows = await waitForRows(services, 'services up', (rows) => ['web', 'api', 'store'].every((name) => rows.some((row) => isUp(row, name))));
    const pipeline = viewPane(page, ui.viewNames.find((name) => /pipeline/i.test(name)) ?? 'Pipeline');
    const pipelineRows = await waitForRows(pipeline, 'a finished run with tests', (rows) => rows.some((row) => /\d+ passed, 0 failed/.test(row)) && rows.some((row) => /succeeded/.test(row)));
    const path = await shoot(page, outDir, 'sidebar.png');
    return `${serviceRows.filter((row) => ['web', 'api', 'store'].some((name) => isUp(row, name))).length} services up; ${pipelineRows.find((row) => /passed/.test(row))}; ${path}`;
  });
}

/** The frame of a webview whose body holds `selector`. */
async function webviewFrame(page, selector) {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no webview shows ${selector}`);
}

/** Monitor: at least two charts with plotted points, and log lines arriving. */
export async function checkMonitorData(page, outDir, check) {
  await check('Monitor charts have data and log lines keep arriving', async () => {
    const frame = await webviewFrame(page, '.card.chart');
    const deadline = Date.now() + UI_TIMEOUT_MS;
    let plotted = 0;
    while (Date.now() < deadline) {
      plotted = await frame.locator('.card.chart').evaluateAll((cards) => cards.filter((card) => Number(card.dataset.points) > 0 && card.querySelector('canvas')).length);
      if (plotted >= 2) break;
      await page.waitForTimeout(1000);
    }
    if (plotted < 2) throw new Error(`${plotted} chart(s) with points`);
    const logRows = frame.locator('.log-row');
    await logRows.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const first = await logRows.count();
    const lastText = async () => (await logRows.last().innerText()).trim();
    const before = await lastText();
    let after = before;
    for (let waited = 0; waited < 30 && after === before; waited++) {
      await page.waitForTimeout(1000);
      after = await lastText();
    }
    if (after === before) throw new Error(`no new log line in 30 s (${first} rows)`);
    const filtered = await checkLogFilters(frame, logRows);
    // The panel is short: maximized, the picture shows the charts and the log lines together.
    await runPaletteCommand(page, 'View: Toggle Maximized Panel', 5000).catch(() => page.keyboard.press('Escape'));
    await page.waitForTimeout(1500);
    const path = await shoot(page, outDir, 'monitor.png');
    await runPaletteCommand(page, 'View: Toggle Maximized Panel', 5000).catch(() => page.keyboard.press('Escape'));
    return `${plotted} charts with points, ${await logRows.count()} log rows, newest: ${after.slice(0, 60)}; ${filtered}; ${path}`;
  });
}

/** The log filters as a person uses them: one source, then a word; every row shown matches; then all again. */
async function checkLogFilters(frame, logRows) {
  const sourceSelect = frame.locator('select.filter-source');
  const options = await sourceSelect.locator('option').evaluateAll((all) => all.map((o) => ({ value: o.value, text: o.textContent ?? '' })));
  const api = options.find((o) => o.value && /\bapi\b/.test(o.text));
  if (!api) throw new Error(`no api source to filter on: ${options.map((o) => o.text).join(', ')}`);
  await sourceSelect.selectOption(api.value);
  const sources = async () => [...new Set(await logRows.locator('.log-source').allInnerTexts())];
  await frame.page().waitForTimeout(500);
  const shown = await sources();
  if (shown.length !== 1 || !/api/.test(shown[0] ?? '')) throw new Error(`filtered on ${api.text}, rows from: ${shown.join(', ')}`);
  const word = (await logRows.last().locator('.log-text').innerText()).match(/[A-Za-z]{4,}/)?.[0];
  if (!word) throw new Error('no word in the newest api line');
  await frame.locator('input.filter-text').fill(word);
  await frame.page().waitForTimeout(500);
  const texts = await logRows.locator('.log-text').allInnerTexts();
  if (texts.length === 0 || texts.some((text) => !text.toLowerCase().includes(word.toLowerCase()))) throw new Error(`text filter "${word}" shows: ${texts.slice(0, 3).join(' | ')}`);
  await frame.locator('input.filter-text').fill('');
  await sourceSelect.selectOption(options[0]?.value ?? '');
  await frame.page().waitForTimeout(500);
  return `filter ${api.text}: ${shown[0]} only; "${word}": ${texts.length} rows`;
}

/** Service map with api stopped: api's node red (down), the others up. */
export async function checkServiceMap(page, demo, outDir, check) {
  await check('the service map colours api down (red) and the others up', async () => {
    await demo.stop('api');
    await runPaletteCommand(page, 'DevOps: Show Service Map');
    const frame = await webviewFrame(page, 'svg g.node');
    const down = frame.locator('svg g.node.down[data-service="api"]');
    await down.waitFor({ timeout: UI_TIMEOUT_MS });
    const colour = await down.locator('rect').evaluate((rect) => getComputedStyle(rect).stroke);
    const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number);
    if (!(r > 150 && r > g + 60 && r > b + 60)) throw new Error(`api's node is drawn in ${colour}, not red`);
    const up = await frame.locator('svg g.node.up').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-service')).sort());
    if (up.join() !== 'store,web') throw new Error(`nodes up: ${up.join(', ')}`);
    const path = await shoot(page, outDir, 'service-map.png');
    return `api ${colour}; up: ${up.join(', ')}; ${path}`;
  });
}

/** A failing test in the demo, run from the palette (stage picked, command approved in its modal): the failure in the Problems panel. */
export async function checkProblemsPanel(page, workspace, outDir, check) {
  await check('a failed test of a run started from the palette is in the Problems panel', async () => {
    writeFileSync(join(workspace, 'tests', 'zz-checkout.test.js'), "'use strict';\nexports.tests = {\n  'totals the basket': () => {\n    throw new Error('expected 42.50, got 41.50');\n  },\n};\n");
    await runPaletteCommand(page, 'DevOps: Run Stage…');
    const stage = page.locator('.quick-input-list .monaco-list-row', { hasText: /^\s*test\s*$/ }).first();
    await stage.waitFor({ timeout: UI_TIMEOUT_MS });
    await stage.click();
    const approve = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Approve and Run' });
    await approve.waitFor({ timeout: UI_TIMEOUT_MS });
    await approve.click();
    await runPaletteCommand(page, 'View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'expected 42.50, got 41.50' }).first();
    await problem.waitFor({ timeout: UI_TIMEOUT_MS });
    const file = page.locator('.markers-panel .monaco-list-row', { hasText: 'zz-checkout.test.js' }).first();
    await file.waitFor({ timeout: UI_TIMEOUT_MS });
    const path = await shoot(page, outDir, 'problems.png');
    return `${(await problem.innerText()).replace(/\s+/g, ' ').trim().slice(0, 80)}; ${path}`;
  });
}

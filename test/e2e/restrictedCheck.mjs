// The demo opened without trust: VS Code's Restricted Mode banner, and the DevOps views read
// only with their note that nothing runs. Checked, then shot.
import { join } from 'node:path';
import { copyDemo } from '../../scripts/integrationGroups.mjs';
import { writeDemoUserSettings } from '../../scripts/start.mjs';
import { launchBrowser, startVsCodeServer, workbenchUrl } from '../../scripts/vscodeServer.mjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { UI_TIMEOUT_MS, viewPane } from './workbenchChecks.mjs';

/** session gets the server and browser, so the caller stops them even after a timeout. */
export async function checkRestrictedMode(root, extensionsDir, ui, outDir, check, session) {
  await check('Restricted Mode: the banner, and the views read only with their note', async () => {
    const workspace = copyDemo(join(root, 'restricted-demo'));
    const serverDataDir = join(root, 'restricted-server-data');
    writeDemoUserSettings(serverDataDir);
    // The trust question on opening is a modal over everything; the banner says the same without one.
    const settingsFile = join(serverDataDir, 'data', 'User', 'settings.json');
    mkdirSync(join(serverDataDir, 'data', 'User'), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'security.workspace.trust.startupPrompt': 'never' }, null, 2));
    const server = (session.restrictedServer = await startVsCodeServer({ connectionToken: null, extensionsDir, serverDataDir, disableWorkspaceTrust: false }));
    const browser = (session.restrictedBrowser = await launchBrowser({ viewport: { width: 1400, height: 900 } }));
    const { page } = browser;
    await page.goto(workbenchUrl(server, { folder: workspace, payload: [['skipWelcome', 'true']] }), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const banner = page.locator('.part.banner', { hasText: /Restricted Mode/i });
    await banner.waitFor({ timeout: UI_TIMEOUT_MS });
    const services = viewPane(page, ui.viewNames.find((name) => /services/i.test(name)) ?? 'Services');
    await services.waitFor({ timeout: UI_TIMEOUT_MS });
    const note = services.locator('.message', { hasText: /Restricted Mode/ });
    await note.waitFor({ timeout: UI_TIMEOUT_MS });
    await services.locator('.monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(700, 450);
    const path = join(outDir, 'restricted.png');
    await page.screenshot({ path });
    return `banner: ${(await banner.innerText()).replace(/\s+/g, ' ').trim().slice(0, 60)}; note: ${(await note.innerText()).trim().slice(0, 60)}; ${path}`;
  });
}

// The Services view with a live Docker engine: devops.yaml gains `engines`, the engine's
// row and its Compose workload `web` (running) are read in the view before
// test-results/engines.png is saved. Skipped, saying why, when no engine answers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { shoot, waitForRows } from './demoChecks.mjs';
import { PROJECT, startDockerWorkload } from './dockerEngine.mjs';
import { runPaletteCommand, showOnlyView } from './workbenchChecks.mjs';

/** session.docker holds the engine's container, so a timeout still removes it. */
export async function checkEngines(page, names, workspace, outDir, check, session) {
  const docker = (session.docker = await startDockerWorkload());
  if (docker.skipped) {
    process.stdout.write(`skip the Services view with a live Docker engine - ${docker.skipped}\n`);
    return;
  }
  await check('the Services view shows the Docker engine and its Compose workload web running', async () => {
    const file = join(workspace, 'devops.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.set('engines', { docker: { host: `unix://${docker.socket}` } });
    writeFileSync(file, doc.toString());
    await runPaletteCommand(page, 'View: Close All Editors', 5000).catch(() => page.keyboard.press('Escape'));
    const pane = await showOnlyView(page, names, 'Services');
    // A row's text is its label and description run together: "Docker1 workload…", "webrunning · …".
    const rows = await waitForRows(pane, 'the engine and web running', (all) =>
      all.some((row) => /^Docker.*workload/.test(row)) && all.some((row) => /^webrunning\b/.test(row)) && all.some((row) => row.startsWith(PROJECT)));
    const path = await shoot(page, outDir, 'engines.png');
    return `${rows.filter((row) => /^Docker|^webrunning|^dle2e/.test(row)).join(' | ')}; ${path}`;
  });
  await docker.stop();
  session.docker = undefined;
}

// The demo as `npm start` runs it on Docker, in the Services view: the workspace's own
// scripts/engines.js starts the shop under a project of this run (so a user's demo on the
// same engine is untouched), the declared services bind to its containers (as demo/devops.yaml
// binds them to devops-demo's), and test-results/demo-docker.png shows web joined to its
// healthy container and the Swarm stack below the engine. Skipped, saying why, without an
// engine or when the engine is no Swarm manager (engines.js then deploys no stack).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { shoot, waitForRows } from './demoChecks.mjs';
import { runPaletteCommand, showOnlyView } from './workbenchChecks.mjs';

const SERVICES = ['web', 'api', 'store'];

function runEngines(workspace, command, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(workspace, 'scripts', 'engines.js'), command], { cwd: workspace, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => resolve({ code: -1, output: error.message }));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

function removeImages(socket, repository) {
  const call = (method, path) =>
    new Promise((resolve) => {
      const req = request({ socketPath: socket, method, path: `/v1.41${path}`, timeout: 60_000 }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve('[]'));
      req.end();
    });
  const filters = encodeURIComponent(JSON.stringify({ reference: [repository] }));
  return call('GET', `/images/json?filters=${filters}`).then(async (text) => {
    for (const image of JSON.parse(text || '[]')) await call('DELETE', `/images/${image.Id}?force=1`);
  });
}

/** session.demoDocker holds the stop, so a timeout still removes what engines.js made. */
export async function checkDemoOnDocker(page, names, workspace, outDir, check, session) {
  const socket = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock';
  const project = `dle2edemo${process.pid}`;
  const env = { DOCKER_HOST: `unix://${socket}`, DEVOPS_DEMO_PROJECT: project };
  const stop = async () => {
    await runEngines(workspace, 'stop', env);
    await removeImages(socket, `${project}/shop`);
  };
  session.demoDocker = { stop };
  const started = await runEngines(workspace, 'start', env);
  if (started.code !== 0 || !/Swarm stack .* deployed/.test(started.output)) {
    process.stdout.write(`skip the demo on Docker in the Services view - ${started.output.trim().split('\n').pop()}\n`);
    await stop();
    session.demoDocker = undefined;
    return;
  }
  await check('the Services view shows the demo on Docker: web joined to its healthy container, the Swarm stack with api 2/2', async () => {
    const file = join(workspace, 'devops.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (!doc.hasIn(['engines', 'docker'])) doc.set('engines', { docker: {} });
    for (const name of SERVICES) doc.setIn(['services', name, 'runsOn'], { compose: `${project}/${name}` });
    writeFileSync(file, doc.toString());
    await runPaletteCommand(page, 'View: Close All Editors', 5000).catch(() => page.keyboard.press('Escape'));
    const pane = await showOnlyView(page, names, 'Services');
    // A row's text is its label and description run together: "webup · 3 ms". Declared services come first.
    const before = await waitForRows(pane, 'the declared service web', (all) => all.some((row) => row.startsWith('web')));
    const web = pane.locator('.monaco-list-row').nth(before.findIndex((row) => row.startsWith('web')));
    if ((await web.getAttribute('aria-expanded')) === 'false') await web.click();
    const rows = await waitForRows(pane, 'web on its container and the stack with api 2/2', (all) =>
      all.some((row) => row.startsWith(`runs on compose ${project}/webrunning · healthy · 1/1 ready`)) && all.some((row) => row.startsWith(`${project}Swarm stack`)) && all.some((row) => row.startsWith(`${project}_apirunning`) && row.includes('2/2 ready')));
    const path = await shoot(page, outDir, 'demo-docker.png');
    return `${rows.filter((row) => row.includes(project)).join(' | ')}; ${path}`;
  });
  await stop();
  session.demoDocker = undefined;
}

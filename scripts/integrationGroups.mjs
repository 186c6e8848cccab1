// The integration groups: each runs in its own VS Code server on its own workspace,
// and the test module runs the suites under out/test/integration/suites/<name>/.
// Shared by the Chromium runner (runIntegrationTests.mjs) and test-electron (runElectron.mjs).
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** DEVOPS_DEMO_DIR points the runners at another workspace, e.g. to try the harness itself. */
export const DEMO_DIR = resolve(process.env.DEVOPS_DEMO_DIR || join(REPO_ROOT, 'demo'));
export const TESTS_MODULE = join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');

/**
 * workspace: 'demo' is a fresh copy of demo/, 'empty' an empty folder.
 * trusted: false leaves the folder in Restricted Mode (Workspace Trust).
 * canaries: devops.yaml also holds a command of every kind (see addCanaries).
 */
export const integrationGroups = [
  { name: 'demo', workspace: 'demo', trusted: true, description: 'views and activation on demo/' },
  { name: 'empty', workspace: 'empty', trusted: true, description: 'welcome views and Create devops.yaml' },
  { name: 'broken', workspace: 'demo', trusted: true, description: 'a broken devops.yaml: problems, last good data' },
  { name: 'restricted', workspace: 'demo', trusted: false, canaries: true, description: 'nothing runs in Restricted Mode' },
  { name: 'engines', workspace: 'demo', trusted: true, description: 'live workloads of a real Docker engine' },
];

/** Run-time folders and state the demo writes; a test copy starts without them. */
const LEFT_OUT = new Set(['logs', '.devops', 'node_modules']);

/** The Compose project and Swarm stack demo/scripts/engines.js runs the shop as, unless DEVOPS_DEMO_PROJECT says another. */
export const DEMO_PROJECT = 'devops-demo';

/**
 * Copies demo/ into `target` without logs, run state and installed packages. The copy
 * leaves out demo/'s `engines` and its services' `runsOn` unless `keepEngines`: what a
 * machine's Docker engine runs (other tests' containers coming and going, their
 * notifications) is no part of the views under test, and the tests that need an engine
 * name their own. `project` renames the Compose project the services run on, for a test
 * that runs engines.js with DEVOPS_DEMO_PROJECT beside a user's demo.
 */
export function copyDemo(target, { keepEngines = false, project } = {}) {
  if (!existsSync(join(DEMO_DIR, 'devops.yaml'))) {
    throw new Error(`demo/devops.yaml is missing: the demo workspace has not been written yet`);
  }
  cpSync(DEMO_DIR, target, { recursive: true, filter: (path) => !LEFT_OUT.has(basename(path)) });
  const file = join(target, 'devops.yaml');
  const text = readFileSync(file, 'utf8');
  const changed = keepEngines ? renameDemoProject(text, project) : withoutEngines(text);
  if (changed !== text) writeFileSync(file, changed);
  const dockerfile = join(target, 'image', 'Dockerfile');
  if (keepEngines && project !== undefined && existsSync(dockerfile)) {
    writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace(/^FROM devops-demo\//m, `FROM ${project}/`));
  }
  return target;
}

// By text, not through a YAML round trip: the rest of the file keeps its every byte and
// line. A `runsOn` without `engines` is an error of the file, so both go together, and
// so do the image stage and the `stack` environment, which need an engine too (the
// stage is manual, so the whole pipeline would not run it, but the views would list it).
function withoutEngines(text) {
  return text
    .replace(/^engines:[^\n]*\n(?:[ \t]+[^\n]*(?:\n|$)|\n)*/m, '')
    .replace(/^[ \t]+runsOn:[^\n]*\n/gm, '')
    .replace(/^    image:\n(?:      [^\n]*\n)+/m, '')
    .replace(/^  stack:\n(?:    [^\n]*\n)+/m, '');
}

function renameDemoProject(text, project) {
  if (project === undefined || project === DEMO_PROJECT) return text;
  return text
    .replace(/^([ \t]+runsOn:\s*\{\s*compose:\s*)devops-demo\//gm, `$1${project}/`)
    .replace(/^([ \t]+target:\s*\{\s*swarm:\s*)devops-demo_/gm, `$1${project}_`);
}

/**
 * Adds a command of every kind to the workspace's devops.yaml, each running
 * scripts/canary.js (test/fixtures/canary), which leaves a file in .canary/ when it runs:
 * a health check, a service log, a Monitor log, a service action with confirm: false, a
 * stage and a deploy. A test that sees no .canary/ knows none of them ran.
 */
export function addCanaries(folder) {
  mkdirSync(join(folder, 'scripts'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'canary', 'canary.js'), join(folder, 'scripts', 'canary.js'));
  const file = join(folder, 'devops.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['services', 'canary'], {
    description: 'Commands that must not run in Restricted Mode.',
    health: { command: 'node scripts/canary.js probe', interval: '2s' },
    logs: [{ command: 'node scripts/canary.js service-log --follow' }],
    actions: { poke: { run: 'node scripts/canary.js action', confirm: false } },
  });
  doc.addIn(['monitor', 'logs'], { name: 'canary-monitor', command: 'node scripts/canary.js monitor-log --follow' });
  doc.setIn(['pipeline', 'stages', 'canary'], { run: 'node scripts/canary.js stage' });
  doc.setIn(['environments', 'canary'], { deploy: 'node scripts/canary.js deploy' });
  writeFileSync(file, doc.toString());
}

/** Creates the group's workspace under `parent` and returns its absolute path. */
export function prepareWorkspace(group, parent) {
  const folder = join(parent, `${group.name}-workspace`);
  if (group.workspace === 'demo') {
    copyDemo(folder);
    if (group.canaries) addCanaries(folder);
    return folder;
  }
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Compiled suites of a group; an empty list means the group is skipped. */
export function compiledSuites(group) {
  const folder = join(REPO_ROOT, 'out', 'test', 'integration', 'suites', group.name);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.js'));
}

/** Groups picked on the command line (`--group demo --group empty`), all when none. */
export function selectGroups(argv) {
  const wanted = argv.flatMap((arg, i) => (arg === '--group' ? [argv[i + 1]] : []));
  if (wanted.length === 0) return integrationGroups;
  const unknown = wanted.filter((name) => !integrationGroups.some((g) => g.name === name));
  if (unknown.length > 0) throw new Error(`unknown group(s): ${unknown.join(', ')}; known: ${integrationGroups.map((g) => g.name).join(', ')}`);
  return integrationGroups.filter((g) => wanted.includes(g.name));
}

/** The line the test module logs with its counts, so runners can add them up. */
export const RESULT_MARKER = 'DEVOPS_TEST_RESULT';

/** Reads the counts out of one log line, or undefined when the line is something else. */
export function parseResultLine(line) {
  const at = line.indexOf(RESULT_MARKER);
  if (at < 0) return undefined;
  try {
    const counts = JSON.parse(line.slice(at + RESULT_MARKER.length).trim());
    if (Number.isInteger(counts.passed) && Number.isInteger(counts.failed)) return counts;
  } catch {
    // A line that merely mentions the marker is not a result.
  }
  return undefined;
}

// The integration groups: each runs in its own VS Code server on its own workspace,
// and the test module runs the suites under out/test/integration/suites/<name>/.
// Shared by the Chromium runner (runIntegrationTests.mjs) and test-electron (runElectron.mjs).
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** DEVOPS_DEMO_DIR points the runners at another workspace, e.g. to try the harness itself. */
export const DEMO_DIR = resolve(process.env.DEVOPS_DEMO_DIR || join(REPO_ROOT, 'demo'));
export const TESTS_MODULE = join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');

/**
 * workspace: 'demo' is a fresh copy of demo/, 'empty' an empty folder.
 * trusted: false leaves the folder in Restricted Mode (Workspace Trust).
 */
export const integrationGroups = [
  { name: 'demo', workspace: 'demo', trusted: true, description: 'views and activation on demo/' },
  { name: 'empty', workspace: 'empty', trusted: true, description: 'welcome views and Create devops.yaml' },
  { name: 'broken', workspace: 'demo', trusted: true, description: 'a broken devops.yaml: problems, last good data' },
  { name: 'restricted', workspace: 'demo', trusted: false, description: 'nothing runs in Restricted Mode' },
];

/** Run-time folders and state the demo writes; a test copy starts without them. */
const LEFT_OUT = new Set(['logs', '.devops', 'node_modules']);

/** Copies demo/ into `target` without logs, run state and installed packages. */
export function copyDemo(target) {
  if (!existsSync(join(DEMO_DIR, 'devops.yaml'))) {
    throw new Error(`demo/devops.yaml is missing: the demo workspace has not been written yet`);
  }
  cpSync(DEMO_DIR, target, { recursive: true, filter: (path) => !LEFT_OUT.has(basename(path)) });
  return target;
}

/** Creates the group's workspace under `parent` and returns its absolute path. */
export function prepareWorkspace(group, parent) {
  const folder = join(parent, `${group.name}-workspace`);
  if (group.workspace === 'demo') return copyDemo(folder);
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

// The extensionTestsPath module: VS Code loads it inside the extension host and awaits
// run(). The same file serves the VS Code server runner and @vscode/test-electron.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { CommandCoverage } from './commandCoverage';

/** Read by scripts/integrationGroups.mjs (parseResultLine) to add counts up over groups. */
const RESULT_MARKER = 'DEVOPS_TEST_RESULT';
const TEST_TIMEOUT_MS = 60_000;

// Set by `runIntegrationTests.mjs --only <text>` to run a subset while working on one suite.
const onlyFilesContaining = process.env.DEVOPS_TEST_ONLY ?? '';

/** Compiled test files of one group, sorted so runs are repeatable. */
function suiteFiles(group: string): string[] {
  const folder = path.join(__dirname, 'suites', group);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.js') && file.includes(onlyFilesContaining))
    .sort()
    .map((file) => path.join(folder, file));
}

export function run(): Promise<void> {
  const group = process.env.DEVOPS_TEST_GROUP;
  if (!group) return Promise.reject(new Error('DEVOPS_TEST_GROUP is not set: the runner names the group of suites to run'));
  // No colours: the output goes through the workbench log, not a terminal.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: TEST_TIMEOUT_MS, reporter: 'spec' });
  const files = suiteFiles(group);
  for (const file of files) mocha.addFile(file);

  const coverage = new CommandCoverage();
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        console.log(coverage.report(group));
        const counts = { group, passed: runner.stats?.passes ?? 0, failed: failures, pending: runner.stats?.pending ?? 0 };
        console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
        if (failures > 0) reject(new Error(`${failures} of ${counts.passed + failures} tests failed in group ${group}`));
        else if (files.length === 0) reject(new Error(`no compiled tests for group ${group}`));
        else resolve();
      });
      coverage.attach(runner);
    } catch (error) {
      console.log(`${RESULT_MARKER} ${JSON.stringify({ group, passed: 0, failed: 1, pending: 0 })}`);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

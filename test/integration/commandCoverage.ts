// Which test ran which contributed command, read from the one command runner's counts
// after every test and hook. scripts/runIntegrationTests.mjs merges the groups' reports
// into test-results/command-coverage.json and fails the run when a command ran in none.
import * as path from 'node:path';
import type Mocha from 'mocha';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../src/vscode/testApi';
import { EXTENSION_ID } from './suites/empty/extensionUnderTest';

/** The line each group logs with its coverage; the runner parses it. */
export const COVERAGE_MARKER = 'DEVOPS_COMMAND_COVERAGE';

// The palette sweep runs every palette command with no row and Escape for every question,
// checking only that each fails clearly: it proves the palette works, not what a command
// does, so a command it alone runs counts as untested.
const SWEEP_FILES = new Set(['paletteCommands.test.js']);

function executions(): ReadonlyMap<string, number> {
  const extension = vscode.extensions.getExtension<DevopsTestApi>(EXTENSION_ID);
  return extension?.isActive ? extension.exports.commands.executions : new Map();
}

/** Watches a mocha run and attributes every command execution to the test or hook it happened in. */
export class CommandCoverage {
  private seen = new Map<string, number>();
  private readonly executedBy = new Map<string, Set<string>>();

  attach(runner: Mocha.Runner): void {
    runner.on('test end', (test) => this.attribute(test));
    runner.on('hook end', (hook) => this.attribute(hook));
  }

  /** The group's report: command id → titles of the tests that ran it. */
  report(group: string): string {
    const executedBy = Object.fromEntries([...this.executedBy].map(([command, tests]) => [command, [...tests]]));
    return `${COVERAGE_MARKER} ${JSON.stringify({ group, executedBy })}`;
  }

  private attribute(runnable: Mocha.Runnable): void {
    const now = executions();
    const counted = !SWEEP_FILES.has(path.basename(runnable.file ?? ''));
    for (const [command, count] of now) {
      if (count > (this.seen.get(command) ?? 0) && counted) {
        const tests = this.executedBy.get(command) ?? new Set<string>();
        tests.add(runnable.fullTitle());
        this.executedBy.set(command, tests);
      }
    }
    this.seen = new Map(now);
  }
}

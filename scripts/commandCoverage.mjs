// Command coverage over the integration groups: each group's test module logs which test
// ran which contributed command (test/integration/commandCoverage.ts); this merges them into
// test-results/command-coverage.json. A complete run (every group, no --only) fails when a
// contributed command ran in no test.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './integrationGroups.mjs';

export const COVERAGE_MARKER = 'DEVOPS_COMMAND_COVERAGE';
export const COVERAGE_FILE = join(REPO_ROOT, 'test-results', 'command-coverage.json');

/** Reads a group's coverage out of one log line, or undefined when the line is something else. */
export function parseCoverageLine(line) {
  const at = line.indexOf(COVERAGE_MARKER);
  if (at < 0) return undefined;
  try {
    const report = JSON.parse(line.slice(at + COVERAGE_MARKER.length).trim());
    if (typeof report.group === 'string' && report.executedBy && typeof report.executedBy === 'object') return report;
  } catch {
    // A line that merely mentions the marker is not a report.
  }
  return undefined;
}

/** The commands package.json contributes. */
export function contributedCommands(packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))) {
  return (packageJson.contributes?.commands ?? []).map((entry) => entry.command);
}

/** Merges group reports: { contributed, executed, missing, complete, groups, executedBy }. */
export function mergeCoverage(reports, contributed, complete) {
  const executedBy = {};
  for (const report of reports) {
    for (const [command, tests] of Object.entries(report.executedBy)) {
      executedBy[command] = [...(executedBy[command] ?? []), ...tests.map((test) => `${report.group}: ${test}`)];
    }
  }
  const missing = contributed.filter((command) => !executedBy[command]?.length);
  return {
    contributed: contributed.length,
    executed: contributed.length - missing.length,
    missing,
    complete,
    groups: reports.map((r) => r.group),
    executedBy: Object.fromEntries(contributed.filter((c) => executedBy[c]).map((c) => [c, executedBy[c]])),
  };
}

/** Writes the merged coverage; returns the problem to fail the run with, or undefined. */
export function writeCoverage(reports, { complete }) {
  const coverage = mergeCoverage(reports, contributedCommands(), complete);
  mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(COVERAGE_FILE, `${JSON.stringify(coverage, null, 2)}\n`);
  process.stdout.write(`command coverage: ${coverage.executed} of ${coverage.contributed} contributed commands ran in a test${complete ? '' : ' (partial run)'}; ${COVERAGE_FILE}\n`);
  if (coverage.missing.length === 0) return undefined;
  const problem = `contributed commands no in-editor test ran: ${coverage.missing.join(', ')}`;
  process.stdout.write(`${complete ? '' : 'not checked in a partial run: '}${problem}\n`);
  return complete ? problem : undefined;
}

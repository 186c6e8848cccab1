import { isFinished } from '../ci/ciTypes';
import type { CiRun } from '../ci/ciTypes';
import type { StatusReport } from './worstOf';

// The checked-out branch's CI as one source of the worst-of status bar item: the newest run
// of each workflow on the branch counts (a fixed re-run clears the failure), failed ones
// first, then running ones. Only what the CI models already hold is read: no poll of its own.

/** The runs one CI backend listed, newest first. */
export interface BranchRuns {
  /** "octo-org/octo-repo", a Jenkins job. */
  provider: string;
  runs: readonly CiRun[];
}

export function ciBranchReport(entries: readonly BranchRuns[], branch: string | undefined, command: string): StatusReport {
  const base = { source: 'ci', order: 3, command };
  if (branch === undefined) return { ...base, level: 'idle', text: '', tooltip: '' };
  const latest: { provider: string; run: CiRun }[] = [];
  for (const entry of entries) {
    const seen = new Set<string>();
    for (const run of entry.runs) {
      if (run.branch !== branch || seen.has(run.workflow)) continue;
      seen.add(run.workflow);
      latest.push({ provider: entry.provider, run });
    }
  }
  if (latest.length === 0) return { ...base, level: 'idle', text: '', tooltip: '' };
  const failed = latest.filter(({ run }) => run.status === 'failed');
  const running = latest.filter(({ run }) => !isFinished(run.status));
  const lines = [`CI on ${branch}:`, ...[...failed, ...running, ...latest.filter((l) => !failed.includes(l) && !running.includes(l))].map(({ provider, run }) => `${run.status === 'failed' ? '✗' : isFinished(run.status) ? '✓' : '…'} ${run.title} (${provider}): ${run.status}`)];
  if (failed.length > 0) return { ...base, level: 'error', text: `CI failed: ${failed.map(({ run }) => run.workflow).join(', ')}`, tooltip: [...lines, 'Click to see the runs and open their logs.'].join('\n') };
  if (running.length > 0) return { ...base, level: 'info', text: `CI running on ${branch}`, tooltip: lines.join('\n') };
  return { ...base, level: 'ok', text: 'CI passed', tooltip: lines.join('\n') };
}

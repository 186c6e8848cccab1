import type { TestSummary } from './runTypes';

// How runs read as text, in the Pipeline view and the CLI alike.

/** 850 ms, 12.3 s, 4m 05s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** "8 passed, 1 failed, 1 skipped". */
export function testsText(tests: TestSummary): string {
  return `${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped`;
}

export function shortCommit(commit: string | undefined): string | undefined {
  return commit ? commit.slice(0, 7) : undefined;
}

/** "main@3f9a2c1", or what of it is known. */
export function whereText(branch: string | undefined, commit: string | undefined): string | undefined {
  const short = shortCommit(commit);
  if (branch && short) return `${branch}@${short}`;
  return branch ?? short;
}

/** Local date and time, short. */
export function whenText(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

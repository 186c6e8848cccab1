import { DevopsError, isCancellation } from '../errors';
import type { Git } from '../ports';
import { isVersion } from './conventionalCommits';

/** How far the default branch has moved past the version an environment runs. */
export interface ReleaseDrift {
  /** Commits on the default branch after the running version's tag. */
  behind: number;
  /** The newest release (`v<version>` tag) on the default branch. */
  mainVersion: string;
  /** The default branch the count is taken on. */
  branch: string;
}

// The branch releases are cut from: a repository without a remote default names none, so
// the usual names are tried in order.
async function defaultBranch(git: Git, signal: AbortSignal): Promise<string | undefined> {
  const branches = await git.localBranches(signal);
  return ['main', 'master'].find((name) => branches.includes(name));
}

/**
 * Compares a running version with the default branch: undefined when nothing can be said
 * (no version, no release tag for it, no default branch, no repository) or nothing moved.
 * A release tags `v<version>`, so the running version's tag is where the count starts.
 */
export async function readReleaseDrift(git: Git, runningVersion: string | undefined, signal: AbortSignal): Promise<ReleaseDrift | undefined> {
  if (!runningVersion || !isVersion(runningVersion)) return undefined;
  try {
    const branch = await defaultBranch(git, signal);
    const tag = `v${runningVersion}`;
    if (!branch || !(await git.hasTag(tag, signal))) return undefined;
    const behind = await git.countCommits(tag, branch, signal);
    if (!(behind > 0)) return undefined;
    const mainTag = await git.lastVersionTagOn(branch, signal);
    const mainVersion = mainTag && isVersion(mainTag.slice(1)) ? mainTag.slice(1) : runningVersion;
    return { behind, mainVersion, branch };
  } catch (error) {
    // Restricted Mode and a cancel are the caller's to see; a git failure only means no drift is known.
    if (DevopsError.is(error, 'untrusted') || isCancellation(error)) throw error;
    if (DevopsError.is(error)) return undefined;
    throw error;
  }
}

/** "main is 1.5.0 (3 commits ahead)", or "main is 2 commits ahead" when no release came since. */
export function describeMainAhead(runningVersion: string | undefined, drift: ReleaseDrift): string {
  const commits = `${drift.behind} commit${drift.behind === 1 ? '' : 's'} ahead`;
  return drift.mainVersion === runningVersion ? `${drift.branch} is ${commits}` : `${drift.branch} is ${drift.mainVersion} (${commits})`;
}

/** "staging runs 1.4.0, main is 1.5.0 (3 commits ahead)". */
export function describeDrift(environment: string, runningVersion: string, drift: ReleaseDrift): string {
  return `${environment} runs ${runningVersion}, ${describeMainAhead(runningVersion, drift)}`;
}

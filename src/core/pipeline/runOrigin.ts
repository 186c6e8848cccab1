import { userInfo } from 'node:os';
import { join } from 'node:path';
import { readFileCapped } from '../boundedRead';
import { DevopsError } from '../errors';
import type { RunOrigin } from './runTypes';
import type { Git } from '../ports';
import { timeoutSignal } from '../safeTimers';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Commit, branch and who for a run; a folder that is not a git repository (or where git
 * cannot run) gives just who. Rejects only in Restricted Mode, where git may not run.
 */
export async function readRunOrigin(git: Git): Promise<RunOrigin> {
  try {
    const [head, name] = await Promise.all([git.head(timeoutSignal(10_000)), git.userName(timeoutSignal(10_000))]);
    if (!head.commit && !head.branch) return { who: name || osUser() };
    return { ...(head.commit ? { commit: head.commit } : {}), branch: head.branch ?? 'HEAD', who: name || osUser() };
  } catch (error) {
    if (DevopsError.is(error, 'untrusted')) throw error;
    return { who: osUser() };
  }
}

/** The version a deploy ships: package.json "version", else the commit's short hash, else "unversioned". */
export async function readDeployVersion(workspace: string, commit: string | undefined): Promise<string> {
  try {
    const text = (await readFileCapped(join(workspace, 'package.json'), 1024 * 1024, 'package.json')).toString('utf8');
    const data = JSON.parse(text) as { version?: unknown };
    if (typeof data.version === 'string' && data.version) return data.version;
  } catch {
    // No package.json, or not JSON: fall back to the commit.
  }
  return commit ? commit.slice(0, 7) : 'unversioned';
}

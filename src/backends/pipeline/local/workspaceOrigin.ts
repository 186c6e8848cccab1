import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DevopsError } from '../../../core/errors';
import type { RunOrigin } from '../../../core/pipeline/runTypes';
import type { Git } from '../../../core/ports';

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
    const [head, name] = await Promise.all([git.head(AbortSignal.timeout(10_000)), git.userName(AbortSignal.timeout(10_000))]);
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
    const data = JSON.parse(await readFile(join(workspace, 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof data.version === 'string' && data.version) return data.version;
  } catch {
    // No package.json, or not JSON: fall back to the commit.
  }
  return commit ? commit.slice(0, 7) : 'unversioned';
}

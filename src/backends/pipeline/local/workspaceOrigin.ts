import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { loadSimpleGit } from '../../../core/git/loadSimpleGit';
import type { RunOrigin } from '../../../core/pipeline/runTypes';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Commit, branch and who for a run; a folder that is not a git repository gives just who.
 * Rejects only when git support itself cannot be loaded.
 */
export async function readRunOrigin(workspace: string): Promise<RunOrigin> {
  const simpleGit = await loadSimpleGit();
  const git = simpleGit({ baseDir: workspace, timeout: { block: 10_000 } });
  try {
    const [commit, branch, name] = await Promise.all([
      git.revparse(['HEAD']),
      git.revparse(['--abbrev-ref', 'HEAD']),
      git.getConfig('user.name').then((c) => c.value ?? undefined),
    ]);
    return { commit: commit.trim(), branch: branch.trim(), who: name || osUser() };
  } catch {
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

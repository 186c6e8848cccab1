import type { SimpleGit } from 'simple-git';
import { DevopsError, isCancellation } from '../errors';
import type { PlanItem } from '../plan/planProvider';
import { branchNameFor } from './branchName';
import { loadSimpleGit } from './loadSimpleGit';

// "Start work" on an item: a branch named from the template is created or checked
// out, then the item moves to in progress. Changes in the working tree are never
// lost: when they would block the checkout, the caller gets the choices and decides.

/** What to do with changes that block the checkout. */
export type DirtyChoice = 'stash' | 'carry' | 'cancel';

export interface StartWorkOptions {
  /** Working tree of the repository. */
  repoDir: string;
  item: PlanItem;
  /** plan.branchTemplate, e.g. "feature/{id}-{slug}". */
  template: string;
  /** Status "in progress" means; default "in-progress". */
  inProgressStatus?: string;
  /** Moves the item (PlanModel.setStatus or the provider's); left out, the status is not touched. */
  setStatus?: (item: PlanItem, status: string, signal: AbortSignal) => Promise<void>;
  /** The user's answer after a 'conflict' result; left out, a blocked checkout returns 'conflict'. */
  onDirty?: DirtyChoice;
  signal?: AbortSignal;
}

/** The stash made for "stash and switch" or "carry changes". */
export interface StashRecord {
  /** Message that names it in `git stash list`. */
  message: string;
  /** True when the changes were applied again on the new branch and the stash dropped. */
  restored: boolean;
}

export type StartWorkResult =
  | {
      kind: 'started';
      branch: string;
      /** True when the branch was created by this call. */
      created: boolean;
      stash?: StashRecord;
      /** True when the item moved to in progress. */
      statusChanged: boolean;
      /** Why the status did not change, when the provider refused; the branch is checked out anyway. */
      statusError?: Error;
    }
  /** Local changes would be overwritten: ask the user, then call again with onDirty. */
  | { kind: 'conflict'; branch: string; files: string[]; choices: DirtyChoice[] }
  | { kind: 'cancelled'; branch: string };

export async function startWork(options: StartWorkOptions): Promise<StartWorkResult> {
  const signal = options.signal ?? new AbortController().signal;
  const branch = branchNameFor(options.item, options.template);
  const simpleGit = await loadSimpleGit();
  let git: SimpleGit;
  try {
    git = simpleGit({ baseDir: options.repoDir, abort: signal });
  } catch (error) {
    throw wrap(error, `${options.repoDir} does not exist`, 'not-found');
  }
  if (!(await guard(git.checkIsRepo(), `cannot run git in ${options.repoDir}`))) throw new DevopsError('not-found', `${options.repoDir} is not a git repository`);
  await guard(git.raw(['check-ref-format', '--branch', branch]), `"${branch}" is not a valid branch name; check plan.branchTemplate`, 'invalid-config');
  const local = await guard(git.branchLocal(), 'cannot list branches');
  let created = false;
  let stash: StashRecord | undefined;
  if (local.current !== branch) {
    const exists = local.all.includes(branch);
    const remote = exists ? undefined : await remoteBranch(git, branch);
    if (!exists && !remote) {
      // A new branch starts at HEAD: the working tree comes along and nothing can block.
      await guard(git.checkoutLocalBranch(branch), `cannot create branch ${branch}`);
      created = true;
    } else {
      const target = exists ? branch : remote!;
      const blocking = await blockingChanges(git, target);
      if (blocking.length > 0 && options.onDirty === undefined) return { kind: 'conflict', branch, files: blocking, choices: ['stash', 'carry', 'cancel'] };
      if (blocking.length > 0 && options.onDirty === 'cancel') return { kind: 'cancelled', branch };
      if (blocking.length > 0) stash = await stashChanges(git, options.item.id);
      try {
        await (exists ? git.checkout(branch) : git.checkout(['-b', branch, '--track', remote!]));
      } catch (error) {
        if (stash) await git.stash(['pop']).catch(() => undefined);
        throw wrap(error, `cannot check out ${branch}`);
      }
      if (stash && options.onDirty === 'carry') stash.restored = await restoreStash(git, stash);
    }
  }
  return { kind: 'started', branch, created, ...(stash ? { stash } : {}), ...(await moveToInProgress(options, signal)) };
}

/**
 * The checked-out branch, or undefined when HEAD is detached or the folder is no repository.
 * Rejects only when git support itself cannot be loaded.
 */
export async function currentBranch(repoDir: string, signal?: AbortSignal): Promise<string | undefined> {
  const simpleGit = await loadSimpleGit();
  try {
    const name = (await simpleGit({ baseDir: repoDir, abort: signal }).raw(['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

async function moveToInProgress(options: StartWorkOptions, signal: AbortSignal): Promise<{ statusChanged: boolean; statusError?: Error }> {
  const status = options.inProgressStatus ?? 'in-progress';
  if (!options.setStatus || options.item.status === status) return { statusChanged: false };
  try {
    await options.setStatus(options.item, status, signal);
    return { statusChanged: true };
  } catch (error) {
    if (isCancellation(error)) throw error;
    return { statusChanged: false, statusError: error instanceof Error ? error : new Error(String(error)) };
  }
}

async function remoteBranch(git: SimpleGit, branch: string): Promise<string | undefined> {
  const remotes = await git.branch(['-r']).catch(() => undefined);
  return remotes?.all.find((name) => name.replace(/^[^/]+\//, '') === branch);
}

/**
 * Local changes (staged, unstaged, untracked) to paths that differ between HEAD and
 * the target: git would refuse the checkout for those. Changes elsewhere come along.
 */
async function blockingChanges(git: SimpleGit, target: string): Promise<string[]> {
  const status = await git.status();
  if (status.isClean()) return [];
  const changed = new Set([...status.files.map((f) => f.path), ...status.not_added]);
  const hasHead = await git.revparse(['--verify', '--quiet', 'HEAD']).then(() => true, () => false);
  const differing = hasHead ? (await git.raw(['diff', '--name-only', 'HEAD', target, '--'])).split('\n').filter(Boolean) : [];
  return differing.filter((path) => changed.has(path));
}

async function stashChanges(git: SimpleGit, itemId: string): Promise<StashRecord> {
  const message = `devops-loop: changes set aside to start work on ${itemId}`;
  await guard(git.stash(['push', '--include-untracked', '--message', message]), 'cannot stash the local changes; nothing was changed');
  return { message, restored: false };
}

/** Applies the stash on the new branch; on a conflict git keeps the stash, so the changes stay safe there. */
async function restoreStash(git: SimpleGit, stash: StashRecord): Promise<boolean> {
  await git.stash(['pop']).catch(() => undefined);
  const list = await git.stash(['list']);
  return !list.includes(stash.message);
}

async function guard<T>(work: Promise<T>, message: string, reason: 'io' | 'not-found' | 'invalid-config' = 'io'): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw wrap(error, message, reason);
  }
}

function wrap(error: unknown, message: string, reason: 'io' | 'not-found' | 'invalid-config' = 'io'): DevopsError {
  if (isCancellation(error) || (error as { name?: string } | undefined)?.name === 'GitPluginError') return new DevopsError('cancelled', 'start work was cancelled', { cause: error });
  return new DevopsError(reason, message, { cause: error });
}

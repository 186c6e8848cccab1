import { DevopsError, isCancellation } from '../errors';
import type { PlanItem } from '../plan/planProvider';
import type { Git } from '../ports';
import { branchNameFor } from './branchName';

// "Start work" on an item: a branch named from the template is created or checked
// out, then the item moves to in progress. Changes in the working tree are never
// lost: when they would block the checkout, the caller gets the choices and decides.

/** What to do with changes that block the checkout. */
export type DirtyChoice = 'stash' | 'carry' | 'cancel';

export interface StartWorkOptions {
  /** Git of the repository's working tree. */
  git: Git;
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
  const { git } = options;
  if (!(await git.isRepository(signal))) throw new DevopsError('not-found', `${git.dir} is not a git repository`);
  if (!(await guard(git.isValidBranchName(branch, signal), 'cannot check the branch name'))) {
    throw new DevopsError('invalid-config', `"${branch}" is not a valid branch name; check plan.branchTemplate`);
  }
  const [head, local] = await guard(Promise.all([git.head(signal), git.localBranches(signal)]), 'cannot list branches');
  let created = false;
  let stash: StashRecord | undefined;
  if (head.branch !== branch) {
    const exists = local.includes(branch);
    const remote = exists ? undefined : await remoteBranch(git, branch, signal);
    if (!exists && !remote) {
      // A new branch starts at HEAD: the working tree comes along and nothing can block.
      await guard(git.createBranch(branch, signal), `cannot create branch ${branch}`);
      created = true;
    } else {
      const target = exists ? branch : remote!;
      const blocking = await blockingChanges(git, target, head.commit !== undefined, signal);
      if (blocking.length > 0 && options.onDirty === undefined) return { kind: 'conflict', branch, files: blocking, choices: ['stash', 'carry', 'cancel'] };
      if (blocking.length > 0 && options.onDirty === 'cancel') return { kind: 'cancelled', branch };
      if (blocking.length > 0) stash = await stashChanges(git, options.item.id, signal);
      try {
        await git.checkout(branch, exists ? undefined : remote, signal);
      } catch (error) {
        if (stash) await git.stashPop(signal).catch(() => undefined);
        throw wrap(error, `cannot check out ${branch}`);
      }
      if (stash && options.onDirty === 'carry') stash.restored = await restoreStash(git, stash, signal);
    }
  }
  return { kind: 'started', branch, created, ...(stash ? { stash } : {}), ...(await moveToInProgress(options, signal)) };
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

async function remoteBranch(git: Git, branch: string, signal: AbortSignal): Promise<string | undefined> {
  const remotes = await git.remoteBranches(signal).catch(() => [] as string[]);
  return remotes.find((name) => name.replace(/^[^/]+\//, '') === branch);
}

/**
 * Local changes (staged, unstaged, untracked) to paths that differ between HEAD and
 * the target: git would refuse the checkout for those. Changes elsewhere come along.
 */
async function blockingChanges(git: Git, target: string, hasHead: boolean, signal: AbortSignal): Promise<string[]> {
  const changed = new Set(await guard(git.changedPaths(signal), 'cannot read the status of the working tree'));
  if (changed.size === 0 || !hasHead) return [];
  const differing = await guard(git.differingPaths('HEAD', target, signal), `cannot compare with ${target}`);
  return differing.filter((path) => changed.has(path));
}

async function stashChanges(git: Git, itemId: string, signal: AbortSignal): Promise<StashRecord> {
  const message = `devops-loop: changes set aside to start work on ${itemId}`;
  await guard(git.stash(message, signal), 'cannot stash the local changes; nothing was changed');
  return { message, restored: false };
}

/** Applies the stash on the new branch; on a conflict git keeps the stash, so the changes stay safe there. */
async function restoreStash(git: Git, stash: StashRecord, signal: AbortSignal): Promise<boolean> {
  await git.stashPop(signal).catch(() => undefined);
  return !(await git.stashMessages(signal)).some((message) => message.includes(stash.message));
}

async function guard<T>(work: Promise<T>, message: string, reason: 'io' | 'not-found' | 'invalid-config' = 'io'): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw wrap(error, message, reason);
  }
}

function wrap(error: unknown, message: string, reason: 'io' | 'not-found' | 'invalid-config' = 'io'): DevopsError {
  if (isCancellation(error)) return new DevopsError('cancelled', 'start work was cancelled', { cause: error });
  // Restricted Mode says so itself; it is no git failure.
  if (DevopsError.is(error, 'untrusted')) return error;
  return new DevopsError(reason, `${message}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

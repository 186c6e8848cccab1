import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import { createLockFile, pidAlive, readLockFile, removeStaleLock, thisHost, unreadableLockStaleMs, type LockRead } from '../../../core/pipeline/lockFile';
import { groupAlive } from '../../process/processGroup';

const holderSchema = z.object({
  pid: z.number(),
  /** Process group of the deploy command once it started: it outlives a killed CLI. */
  pgid: z.number().optional(),
  host: z.string(),
  startedAt: z.number(),
  who: z.string(),
  environment: z.string(),
  version: z.string().optional(),
  token: z.string(),
});

/** Who holds an environment's deploy lock; the lock file's content. */
export type LockHolder = z.output<typeof holderSchema>;

/** A held lock; release() removes it only while it is still ours. */
export interface DeployLock {
  holder: LockHolder;
  /**
   * Records the deploy command's process group in the lock, synchronously, right after
   * the command started: if the process holding the lock is killed (kill -9, a closed
   * terminal), the lock stays held while the command's group still runs.
   */
  trackGroup(pgid: number): void;
  release(): Promise<void>;
}

/** The one sentence a refused deploy says, whatever the lock's state. */
export function describeHolder(environment: string, path: string, holder: LockHolder | undefined): string {
  const who = holder
    ? `pid ${holder.pid} on ${holder.host}${holder.pgid === undefined ? '' : ` (its command: process group ${holder.pgid})`}, by ${holder.who}, since ${new Date(holder.startedAt).toISOString()}${holder.version ? `, version ${holder.version}` : ''}`
    : `lock ${path}, whose holder could not be read`;
  return `a deploy to "${environment}" is already running: ${who}`;
}

function holderOf(read: LockRead): LockHolder | undefined {
  if (read.state !== 'held') return undefined;
  const parsed = holderSchema.safeParse(read.content);
  return parsed.success ? parsed.data : undefined;
}

// A holder on this machine is alive while its process or its command's group runs; one
// on another machine (a shared folder) cannot be checked and is never taken over.
function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== thisHost()) return true;
  return pidAlive(holder.pid) || (holder.pgid !== undefined && groupAlive(holder.pgid));
}

/**
 * Takes the lock file of one environment, created whole and exclusively. A lock whose
 * process and command group are gone (same host) is recovered; of processes recovering at
 * once, exactly one gets the lock.
 */
export async function acquireDeployLock(path: string, who: Omit<LockHolder, 'pid' | 'pgid' | 'host' | 'token'>): Promise<DeployLock> {
  const holder: LockHolder = { ...who, pid: process.pid, host: thisHost(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if (await createLockFile(path, holder)) return heldLock(path, holder);
    } catch (error) {
      throw new DevopsError('io', `could not create the deploy lock ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
    const seen = await readLockFile(path);
    if (seen.state === 'gone') continue;
    const current = holderOf(seen);
    const stale = current ? !holderAlive(current) : 'ageMs' in seen && seen.ageMs > unreadableLockStaleMs;
    if (!stale) throw new DevopsError('conflict', describeHolder(who.environment, path, current));
    await removeStaleLock(path, seen);
  }
  throw new DevopsError('conflict', `could not take the deploy lock ${path}: it keeps changing`);
}

function heldLock(path: string, holder: LockHolder): DeployLock {
  return {
    holder,
    trackGroup(pgid) {
      holder.pgid = pgid;
      // Synchronous and atomic (rename over our own lock): no await between the command's
      // start and this record, so no kill can land in between.
      const temp = `${path}.${process.pid}.${holder.token}.tmp`;
      writeFileSync(temp, JSON.stringify(holder));
      renameSync(temp, path);
    },
    release: async () => {
      if (holderOf(await readLockFile(path))?.token === holder.token) await rm(path, { force: true });
    },
  };
}

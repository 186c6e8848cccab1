import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DevopsError } from '../../../core/errors';

const holderSchema = z.object({ pid: z.number(), host: z.string(), startedAt: z.number(), who: z.string(), environment: z.string(), version: z.string().optional(), token: z.string() });

/** Who holds an environment's deploy lock; the lock file's content. */
export type LockHolder = z.output<typeof holderSchema>;

/** A held lock; release() removes it only while it is still ours. */
export interface DeployLock {
  holder: LockHolder;
  release(): Promise<void>;
}

// A lock file is created (O_EXCL) and then written; one found empty this young is a deploy starting.
const STARTING_MS = 10_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeHolder(h: LockHolder): string {
  return `a deploy to "${h.environment}" is already running: pid ${h.pid} on ${h.host}, by ${h.who}, since ${new Date(h.startedAt).toISOString()}${h.version ? `, version ${h.version}` : ''}`;
}

/**
 * Takes the lock file for one environment, created exclusively. A lock whose process is
 * gone (same host, dead pid) is recovered: renamed aside first, so of two recovering
 * processes only one wins, and put back when it turns out to be a fresh lock.
 */
export async function acquireDeployLock(path: string, who: Omit<LockHolder, 'pid' | 'host' | 'token'>): Promise<DeployLock> {
  await mkdir(dirname(path), { recursive: true });
  const holder: LockHolder = { ...who, pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(holder));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { holder, release: () => releaseIfOurs(path, holder.token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DevopsError('io', `could not create the deploy lock ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
    const seen = await readHolder(path);
    if (seen === 'gone') continue;
    if (seen === 'unreadable') {
      const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
      if (age < STARTING_MS) throw new DevopsError('conflict', `a deploy to "${who.environment}" is starting (lock ${path})`);
    } else if (seen.host !== hostname() || pidAlive(seen.pid)) {
      throw new DevopsError('conflict', describeHolder(seen));
    }
    await setAsideStale(path, seen);
  }
  throw new DevopsError('conflict', `could not take the deploy lock ${path}: it keeps changing`);
}

async function readHolder(path: string): Promise<LockHolder | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return 'gone';
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function setAsideStale(path: string, judged: LockHolder | 'unreadable'): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else recovered it first; try again from the top
  }
  const moved = await readHolder(aside);
  const same = judged === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === judged.token;
  // Between our read and the rename another process may have taken a fresh lock: give it back.
  if (!same) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

async function releaseIfOurs(path: string, token: string): Promise<void> {
  const seen = await readHolder(path);
  if (typeof seen === 'object' && seen.token === token) await rm(path, { force: true });
}

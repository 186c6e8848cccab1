import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';

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
 * Takes the lock file for one environment, created exclusively (O_EXCL). A lock whose
 * process is gone (same host, dead pid) is recovered; of processes recovering at once,
 * exactly one gets the lock.
 */
export async function acquireDeployLock(path: string, who: Omit<LockHolder, 'pid' | 'host' | 'token'>): Promise<DeployLock> {
  await mkdir(dirname(path), { recursive: true });
  const holder: LockHolder = { ...who, pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 20; attempt++) {
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

/**
 * Removes a stale lock while holding `<lock>.recover` (also O_EXCL), so recoverers take
 * turns: each re-reads the lock under it and removes only the very holder judged stale.
 * Moving the file aside instead would race: a third process could create a fresh lock
 * in the gap, and the one moved aside could not be put back.
 */
async function setAsideStale(path: string, judged: LockHolder | 'unreadable'): Promise<void> {
  const guard = `${path}.recover`;
  try {
    await (await open(guard, 'wx')).close();
  } catch {
    // Another process is recovering; a guard left by a crash is removed once it is old.
    const age = Date.now() - (await stat(guard).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > STARTING_MS) await rm(guard, { force: true });
    await delay(20 + Math.random() * 30);
    return;
  }
  try {
    const now = await readHolder(path);
    const same = judged === 'unreadable' ? now === 'unreadable' : typeof now === 'object' && now.token === judged.token;
    if (same) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function releaseIfOurs(path: string, token: string): Promise<void> {
  const seen = await readHolder(path);
  if (typeof seen === 'object' && seen.token === token) await rm(path, { force: true });
}

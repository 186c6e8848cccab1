import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { readFileCapped } from '../boundedRead';
import { DevopsError } from '../errors';
import { delay } from '../safeTimers';

// Lock files shared by processes that never talk to each other (several CLIs, the CLI and
// the editor): created whole and exclusively, and recovered once their holder is gone.

/** What a lock file says, as read. */
export type LockRead = { state: 'held'; content: unknown; ageMs: number } | { state: 'unreadable'; ageMs: number } | { state: 'gone' };

/** A lock older than this whose content cannot be read was left by a crash mid-write. */
export const unreadableLockStaleMs = 10_000;

/** True while `pid` runs on this machine (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This machine's name, as lock holders record it. */
export const thisHost = (): string => hostname();

/**
 * Creates `path` holding `content` unless it exists; false when it does. The content is
 * written beside it and hard-linked into place, so nobody ever reads a half-written lock.
 * Where links are not supported it falls back to an exclusive create, then write.
 */
export async function createLockFile(path: string, content: object): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const text = JSON.stringify(content);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeExclusive(temp, text);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    try {
      await writeExclusive(path, text);
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

// No fsync: a lock does not need to survive a crash of the machine, whose processes are gone with it.
async function writeExclusive(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** What the lock at `path` says; a planted huge file reads as unreadable, not into memory. */
export async function readLockFile(path: string): Promise<LockRead> {
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return { state: 'gone' };
  }
  let text: string;
  try {
    text = (await readFileCapped(path, 64 * 1024, 'a lock file')).toString('utf8');
  } catch (error) {
    return DevopsError.is(error, 'invalid-data') ? { state: 'unreadable', ageMs } : { state: 'gone' };
  }
  try {
    return { state: 'held', content: JSON.parse(text) as unknown, ageMs };
  } catch {
    return { state: 'unreadable', ageMs };
  }
}

/**
 * Removes a lock judged stale, while holding `<lock>.recover` (also exclusive), so that
 * recoverers take turns: each re-reads the lock under it and removes only the very lock it
 * judged (same token; or still unreadable). Moving the file aside instead would race: a
 * third process could create a fresh lock in the gap, and the one moved could not be put back.
 */
export async function removeStaleLock(path: string, judged: LockRead): Promise<void> {
  const guard = `${path}.recover`;
  try {
    await (await open(guard, 'wx')).close();
  } catch {
    // Another process is recovering; a guard left by a crash is removed once it is old.
    const age = Date.now() - (await stat(guard).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > unreadableLockStaleMs) await rm(guard, { force: true });
    await delay(20 + Math.random() * 30);
    return;
  }
  try {
    if (sameLock(judged, await readLockFile(path))) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

function tokenOf(read: LockRead): string | undefined {
  const content = read.state === 'held' ? read.content : undefined;
  const token = typeof content === 'object' && content !== null ? (content as { token?: unknown }).token : undefined;
  return typeof token === 'string' ? token : undefined;
}

// A lock without a token (unreadable, or foreign JSON) is the same as another such one.
function sameLock(judged: LockRead, now: LockRead): boolean {
  if (judged.state === 'gone' || now.state === 'gone') return false;
  return tokenOf(now) === tokenOf(judged);
}

interface ShortLockHolder {
  pid: number;
  host: string;
  token: string;
}

const isShortHolder = (value: unknown): value is ShortLockHolder =>
  typeof value === 'object' && value !== null && typeof (value as ShortLockHolder).pid === 'number' && typeof (value as ShortLockHolder).token === 'string';

/**
 * Runs `body` while holding the lock file at `path`, for a short read-modify-write of a
 * file several processes share. Waits while a live process holds it; takes over a lock
 * whose process died (or, from another host, that is older than `staleMs`).
 */
export async function withFileLock<T>(path: string, what: string, body: () => Promise<T>, options: { waitMs?: number; staleMs?: number } = {}): Promise<T> {
  const holder: ShortLockHolder = { pid: process.pid, host: thisHost(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  const stale = (read: LockRead): boolean => {
    if (read.state === 'gone') return false;
    if (read.state === 'unreadable' || !isShortHolder(read.content)) return read.ageMs > unreadableLockStaleMs;
    if (read.content.host !== thisHost()) return read.ageMs > (options.staleMs ?? 60_000);
    return !pidAlive(read.content.pid);
  };
  while (!(await createLockFile(path, holder))) {
    const seen = await readLockFile(path);
    if (stale(seen)) {
      await removeStaleLock(path, seen);
      continue;
    }
    if (Date.now() > deadline) {
      const who = seen.state === 'held' && isShortHolder(seen.content) ? `pid ${seen.content.pid} on ${seen.content.host}` : 'another process';
      throw new DevopsError('conflict', `${what} stayed locked by ${who} (${path}); try again`);
    }
    await delay(5 + Math.random() * 20);
  }
  try {
    return await body();
  } finally {
    if (tokenOf(await readLockFile(path)) === holder.token) await rm(path, { force: true });
  }
}

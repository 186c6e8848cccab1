import { readFileSync, readdirSync } from 'node:fs';
import { delay } from '../../core/safeTimers';

// Signals to a whole process group: a stage's shell, its children and grandchildren
// share the group the runner created, so one signal reaches the whole tree.

/**
 * True while a process of the group still runs. On Linux zombies are skipped: a killed
 * grandchild whose parent is gone waits for init to reap it, and runs nothing meanwhile.
 */
export function groupAlive(pgid: number): boolean {
  // Most groups are gone when this is asked (a command that left nothing running): kill(0)
  // says so at once, where reading /proc costs a file per process on the machine.
  if (!groupHasMember(pgid)) return false;
  return process.platform === 'linux' ? linuxGroupHasLiveMember(pgid) : true;
}

function groupHasMember(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM means a member exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function linuxGroupHasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
    } catch {
      // Ended while we looked.
    }
  }
  return false;
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

/**
 * SIGTERM to the group, then SIGKILL once graceMs has passed with members left.
 * Resolves when the group is gone, or shortly after SIGKILL (a zombie waiting for its
 * reaper still answers kill(0) but runs nothing).
 */
export async function endGroup(pgid: number, graceMs: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await delay(Math.min(25, graceMs));
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  const reapDeadline = Date.now() + 2000;
  while (groupAlive(pgid) && Date.now() < reapDeadline) await delay(10);
}

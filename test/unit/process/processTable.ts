import { readFileSync, readdirSync } from 'node:fs';

/** Live (non-zombie) processes whose command line contains marker (or in group pgid), read from /proc. */
export function liveProcessesWith(marker: string, pgid?: number): { pid: number; pgid: number; args: string }[] {
  const found: { pid: number; pgid: number; args: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised name: state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!args.includes(marker) && Number(pgrp) !== pgid) continue;
      if (state === 'Z' || state === 'X') continue;
      found.push({ pid: Number(entry), pgid: Number(pgrp), args });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = (): void => {
      if (predicate()) resolve(true);
      else if (Date.now() > deadline) resolve(false);
      else setTimeout(tick, 20);
    };
    tick();
  });
}

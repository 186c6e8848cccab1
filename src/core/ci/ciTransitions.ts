import type { CiRun } from './ciTypes';
import { isFinished } from './ciTypes';

// Decides which changes deserve a notification: a run failed, a workflow recovered
// (a success after a failure on the same branch), a run waits for a person. Each at
// most once per run, and nothing for what was already so when watching began.

/** A change worth telling the user about. */
export interface CiTransition {
  /** failed: the run ended failed; recovered: it succeeded after the previous finished run of its workflow and branch failed; waiting: it needs approval or input. */
  kind: 'failed' | 'recovered' | 'waiting';
  /** The run as last seen. */
  run: CiRun;
}

/** Whose runs notify: mine (started by the signed-in user), watched (mine and the watched branches'), all, or none. */
export type CiNotifyScope = 'mine' | 'watched' | 'all' | 'off';

/** Who is watching, to tell what "mine" and "watched" mean. */
export interface NotifyAudience {
  /** The signed-in user as runs name their actor (login, username, Jenkins user id); undefined while unknown. */
  me?: string;
  /** Branches whose runs notify under "watched", whoever started them. */
  watchBranches: readonly string[];
}

/**
 * Whether a transition of `run` should notify. A run is mine when its actor is the
 * signed-in user (logins compare without case, as GitHub, GitLab and Jenkins treat
 * them); while the user is unknown nothing is mine, rather than guessing.
 */
export function wantsNotification(scope: CiNotifyScope, run: CiRun, audience: NotifyAudience): boolean {
  if (scope === 'off') return false;
  if (scope === 'all') return true;
  const mine = audience.me !== undefined && run.actor !== undefined && run.actor.toLowerCase() === audience.me.toLowerCase();
  if (scope === 'mine') return mine;
  return mine || (run.branch !== undefined && audience.watchBranches.includes(run.branch));
}

const maxRemembered = 2000;

export class RunTransitions {
  private baselined = false;
  private readonly lastStatus = new Map<string, CiRun['status']>();
  /** Outcome of the newest finished run per workflow + branch, with that run's order key. */
  private readonly lastOutcome = new Map<string, { failed: boolean; order: number }>();
  private readonly told = new Set<string>();

  /** Feeds a fresh list of runs; returns the transitions it shows, oldest run first. */
  observe(runs: readonly CiRun[]): CiTransition[] {
    const ordered = [...runs].sort((a, b) => orderOf(a) - orderOf(b));
    const found: CiTransition[] = [];
    for (const run of ordered) {
      const before = this.lastStatus.get(run.id);
      this.lastStatus.set(run.id, run.status);
      const changed = before !== run.status;
      const key = `${run.workflow}\n${run.branch ?? ''}`;
      if (isFinished(run.status) && (run.status === 'failed' || run.status === 'succeeded')) {
        const previous = this.lastOutcome.get(key);
        const failed = run.status === 'failed';
        if (previous === undefined || previous.order <= orderOf(run)) {
          if (this.baselined && changed && previous?.failed === true && !failed) this.tell(found, 'recovered', run);
          this.lastOutcome.set(key, { failed, order: orderOf(run) });
        }
        if (this.baselined && changed && failed) this.tell(found, 'failed', run);
      }
      if (this.baselined && changed && run.status === 'waiting') this.tell(found, 'waiting', run);
    }
    this.baselined = true;
    this.forgetOld();
    return found;
  }

  private tell(found: CiTransition[], kind: CiTransition['kind'], run: CiRun): void {
    const key = `${kind}:${run.id}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    found.push({ kind, run });
  }

  // Sets keep insertion order: drop the oldest once the memory bound is passed.
  private forgetOld(): void {
    for (const set of [this.told, this.lastStatus]) {
      const excess = set.size - maxRemembered;
      if (excess <= 0) continue;
      let dropped = 0;
      for (const key of set.keys()) {
        if (dropped++ >= excess) break;
        set.delete(key);
      }
    }
  }
}

function orderOf(run: CiRun): number {
  return run.createdAt ?? run.startedAt ?? run.number ?? 0;
}

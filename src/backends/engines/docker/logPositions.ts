import { compareCursors, cursorOfMs, earliestCursor } from './engineTime';

// Where each member's log stands: the cursor of the last line delivered. A stream opened
// again with `since` (which the engine treats as inclusive) repeats lines up to there;
// they are dropped here, so a reconnect neither repeats nor skips a line.

export class LogPositions {
  private readonly last = new Map<string, string>();

  constructor(resumeAfter: Record<string, string> | undefined, private readonly sinceMs: number | undefined) {
    for (const [member, cursor] of Object.entries(resumeAfter ?? {})) this.last.set(member, cursor);
  }

  /** True (and remembered) when the line is past what `member` already delivered. */
  accept(member: string, cursor: string): boolean {
    const last = this.last.get(member);
    if (last !== undefined && compareCursors(cursor, last) <= 0) return false;
    this.last.set(member, cursor);
    return true;
  }

  /** `since` for a stream of these members: the earliest position among them, else the caller's start. */
  since(members?: readonly string[]): string | undefined {
    const known = members === undefined ? [...this.last.values()] : members.flatMap((m) => this.last.get(m) ?? []);
    return earliestCursor(known) ?? (this.sinceMs === undefined ? undefined : cursorOfMs(this.sinceMs));
  }

  /** True when nothing of these members was delivered yet, so `tail` applies. */
  isFresh(members?: readonly string[]): boolean {
    return members === undefined ? this.last.size === 0 : members.every((m) => !this.last.has(m));
  }
}

import { compareCursors, cursorOfMs, earliestCursor } from './engineTime';

// Where each member's log stands: the cursor of the last line delivered, per stream. A stream
// opened again with `since` (which the engine treats as inclusive) repeats lines up to there;
// they are dropped here, so a reconnect neither repeats nor skips a line. Per stream, because
// the engine stamps stdout and stderr as it reads each pipe: a stderr line can carry an earlier
// time than the stdout line delivered just before it, and is still new.

type LogStream = 'stdout' | 'stderr';

export class LogPositions {
  private readonly last = new Map<string, Map<LogStream, string>>();
  /** Where a caller's earlier stream of each member ended: nothing up to there again, on either stream. */
  private readonly resumedAfter = new Map<string, string>();

  constructor(resumeAfter: Record<string, string> | undefined, private readonly sinceMs: number | undefined) {
    for (const [member, cursor] of Object.entries(resumeAfter ?? {})) this.resumedAfter.set(member, cursor);
  }

  /** True (and remembered) when the line is past what `member` already delivered on that stream. */
  accept(member: string, stream: LogStream, cursor: string): boolean {
    const floor = this.resumedAfter.get(member);
    if (floor !== undefined && compareCursors(cursor, floor) <= 0) return false;
    const streams = this.last.get(member) ?? new Map<LogStream, string>();
    const last = streams.get(stream);
    if (last !== undefined && compareCursors(cursor, last) <= 0) return false;
    streams.set(stream, cursor);
    this.last.set(member, streams);
    return true;
  }

  /** `since` for a stream of these members: the earliest position among them, else the caller's start. */
  since(members?: readonly string[]): string | undefined {
    const names = members ?? [...new Set([...this.last.keys(), ...this.resumedAfter.keys()])];
    const known = names.flatMap((member) => {
      const streams = [...(this.last.get(member)?.values() ?? [])];
      const floor = this.resumedAfter.get(member);
      return streams.length > 0 ? streams : floor === undefined ? [] : [floor];
    });
    return earliestCursor(known) ?? (this.sinceMs === undefined ? undefined : cursorOfMs(this.sinceMs));
  }

  /** True when nothing of these members was delivered yet, so `tail` applies. */
  isFresh(members?: readonly string[]): boolean {
    const started = (member: string): boolean => this.last.has(member) || this.resumedAfter.has(member);
    return members === undefined ? this.last.size === 0 && this.resumedAfter.size === 0 : !members.some(started);
  }
}

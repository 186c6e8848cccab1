// The engine's times at their own precision. Log records carry RFC 3339 times with up to
// nine fraction digits; a millisecond is too coarse to resume a stream without repeating
// or skipping lines, so positions are kept as "seconds.nanoseconds", the form the engine's
// `since` parameter takes, and compared as such.

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** An engine time as milliseconds and as a cursor; undefined when it is not RFC 3339. */
export function parseEngineTime(text: string): { ms: number; cursor: string } | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000 - offsetMinutes * 60;
  if (!Number.isFinite(seconds)) return undefined;
  const nanos = fraction.padEnd(9, '0');
  return { ms: seconds * 1000 + Number(nanos.slice(0, 3)), cursor: `${seconds}.${nanos}` };
}

/** The cursor of a time given in milliseconds. */
export function cursorOfMs(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${seconds}.${String(Math.round(ms - seconds * 1000)).padStart(3, '0')}000000`;
}

/** Orders two cursors; a malformed one sorts first. */
export function compareCursors(a: string, b: string): number {
  const [aSeconds = '', aNanos = ''] = a.split('.');
  const [bSeconds = '', bNanos = ''] = b.split('.');
  return Number(aSeconds) - Number(bSeconds) || (aNanos < bNanos ? -1 : aNanos > bNanos ? 1 : 0);
}

/** The earliest of the cursors, or undefined for none. */
export function earliestCursor(cursors: Iterable<string>): string | undefined {
  let earliest: string | undefined;
  for (const cursor of cursors) if (earliest === undefined || compareCursors(cursor, earliest) < 0) earliest = cursor;
  return earliest;
}

// Timestamps at the start of a line (after an optional "[") in the shapes logs use:
// ISO 8601 / RFC 3339 (docker --timestamps, most libraries), and syslog's "Nov 27 10:00:00"
// (journalctl's default). Anything else: the caller uses the arrival time.

const ISO = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?\s?(Z|[+-]\d{2}:?\d{2})?/;
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Milliseconds since the epoch of the timestamp that starts `text`, or undefined. */
export function parseLeadingTime(text: string, now: number): number | undefined {
  const iso = ISO.exec(text);
  if (iso) {
    const millis = (iso[3] ?? '0').slice(0, 3).padEnd(3, '0');
    const zone = iso[4] ? normaliseZone(iso[4]) : '';
    const time = Date.parse(`${iso[1]}T${iso[2]}.${millis}${zone}`);
    return Number.isNaN(time) ? undefined : time;
  }
  const syslog = SYSLOG.exec(text);
  if (syslog) return parseSyslog(syslog, now);
  return undefined;
}

/** A JSON line's time field: an ISO string, or epoch seconds/milliseconds as a number. */
export function timeFromValue(value: unknown, now: number): number | undefined {
  if (typeof value === 'string') {
    const parsed = parseLeadingTime(value, now);
    return parsed ?? (Number.isNaN(Date.parse(value)) ? undefined : Date.parse(value));
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // Below 1e11 it can only be seconds (1e11 ms is 1973).
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  return undefined;
}

function normaliseZone(zone: string): string {
  return zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

function parseSyslog(match: RegExpExecArray, now: number): number | undefined {
  const month = MONTHS.indexOf(match[1]);
  if (month < 0) return undefined;
  const year = new Date(now).getFullYear();
  const build = (y: number): number =>
    new Date(y, month, Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5])).getTime();
  const time = build(year);
  // Syslog has no year: a December line read in January belongs to last year.
  return time - now > 2 * 86_400_000 ? build(year - 1) : time;
}

// Timestamps at the start of a line (after an optional "[") in the shapes logs use:
// ISO 8601 / RFC 3339 (docker --timestamps, most libraries), and syslog's "Nov 27 10:00:00"
// (journalctl's default). Anything else: the caller uses the arrival time.

const ISO = /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s?(Z|[+-]\d{2}:?\d{2})?/;
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Milliseconds since the epoch of the timestamp that starts `text`, or undefined. */
export function parseLeadingTime(text: string, now: number): number | undefined {
  const first = text.charCodeAt(0);
  // Only a digit or "[" can start an ISO time, only a capital a syslog one: most lines
  // without a time are turned away without running a regex.
  if ((first >= 48 && first <= 57) || first === 91) {
    const iso = ISO.exec(text);
    if (iso) return isoTime(iso);
  } else if (first >= 65 && first <= 90) {
    const syslog = SYSLOG.exec(text);
    if (syslog) return parseSyslog(syslog, now);
  }
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

function isoTime(iso: RegExpExecArray): number | undefined {
  const [, y, mo, d, h, mi, sec, fraction, zone] = iso;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +sec > 60) return undefined;
  // Computed from numbers (Date.parse of a built string costs more), as UTC; then the
  // zone: an offset moves it, no zone at all means local time, as Date.parse reads it.
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, millis);
  if (zone === 'Z') return utc;
  if (zone === undefined) return new Date(+y, +mo - 1, +d, +h, +mi, +sec, millis).getTime();
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
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

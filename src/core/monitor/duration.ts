import { DevopsError } from '../errors';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "500ms", "10s", "5m", "1h" (the config's duration format) in milliseconds. */
export function parseDurationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new DevopsError('invalid-config', `"${text}" is not a duration such as "500ms", "10s", "5m" or "1h"`);
  return Number(match[1]) * UNITS[match[2]];
}

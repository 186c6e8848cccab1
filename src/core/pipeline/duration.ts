import { DevopsError } from '../errors';

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a devops.yaml duration ("500ms", "10s", "5m", "1h"). */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new DevopsError('invalid-config', `not a duration: "${text}" (use e.g. "500ms", "10s", "5m", "1h")`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

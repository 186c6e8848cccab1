import { DevopsError } from './errors';

// devops.yaml's one duration format ("500ms", "10s", "5m", "1h"), read and written in
// one place for services, pipeline stages, alerts and the CLI's options.

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a duration; undefined when the text is not one (callers with a default). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  return match ? Number(match[1]) * unitMs[match[2] as keyof typeof unitMs] : undefined;
}

/** Milliseconds of a duration; a text that is not one is an invalid-config error naming the format. */
export function parseDurationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new DevopsError('invalid-config', `"${text}" is not a duration such as "500ms", "10s", "5m" or "1h"`);
  return ms;
}

/** The shortest duration text for `ms` in the same format: 2h, 5m, 30s, 250ms. */
export function durationText(ms: number): string {
  if (ms % unitMs.h === 0) return `${ms / unitMs.h}h`;
  if (ms % unitMs.m === 0) return `${ms / unitMs.m}m`;
  if (ms % unitMs.s === 0) return `${ms / unitMs.s}s`;
  return `${ms}ms`;
}

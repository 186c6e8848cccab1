import { DevopsError } from './errors';

// devops.yaml's one duration format ("500ms", "10s", "5m", "1h"), read and written in
// one place for services, pipeline stages, alerts and the CLI's options.

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * The longest duration devops.yaml may give. Node's timers hold a signed 32-bit delay
 * (about 24.8 days) and fire after 1 ms past it, so `timeout: 600h` would end a stage at once.
 */
export const maxDurationMs = 24 * 24 * unitMs.h;

/** The shortest probe interval: a faster one is load on the service, not monitoring. */
export const minIntervalMs = unitMs.s;

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

/** Why a duration is out of bounds (longer than maxDurationMs, or under `minMs`); undefined when it is fine or not a duration. */
export function durationBoundsProblem(text: string, minMs = 0): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return undefined;
  if (ms > maxDurationMs) return `${text.trim()} is longer than the ${durationText(maxDurationMs)} (24 days) a timer can wait`;
  if (ms < minMs) return `${text.trim()} is shorter than the ${durationText(minMs)} minimum`;
  return undefined;
}

/** The shortest duration text for `ms` in the same format: 2h, 5m, 30s, 250ms. */
export function durationText(ms: number): string {
  if (ms % unitMs.h === 0) return `${ms / unitMs.h}h`;
  if (ms % unitMs.m === 0) return `${ms / unitMs.m}m`;
  if (ms % unitMs.s === 0) return `${ms / unitMs.s}s`;
  return `${ms}ms`;
}

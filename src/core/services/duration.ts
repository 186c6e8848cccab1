const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "500ms", "10s", "5m", "1h" (devops.yaml durations) in ms; undefined when not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  return match ? Number(match[1]) * unitMs[match[2] as keyof typeof unitMs] : undefined;
}

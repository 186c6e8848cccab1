// Small pieces every CI mapping needs: ISO times to epoch ms, durations, and rows
// without undefined fields (so equal data compares equal and rows stay small).

export function time(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function span(startedAt: number | undefined, endedAt: number | undefined): number | undefined {
  return startedAt !== undefined && endedAt !== undefined ? Math.max(0, endedAt - startedAt) : undefined;
}

export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

import type { RateBudget } from '../../core/ci/ciTypes';

// The API budget from response headers: GitHub's x-ratelimit-* and GitLab's
// ratelimit-* (both give the reset as epoch seconds). A 304 carries them too.

/** Reads the budget from lower-case headers; undefined when the server sends none. */
export function rateBudgetFrom(headers: Record<string, string>): RateBudget | undefined {
  const remaining = numberOf(headers['x-ratelimit-remaining'] ?? headers['ratelimit-remaining']);
  if (remaining === undefined) return undefined;
  const limit = numberOf(headers['x-ratelimit-limit'] ?? headers['ratelimit-limit']);
  const reset = numberOf(headers['x-ratelimit-reset'] ?? headers['ratelimit-reset']);
  return { remaining, ...(limit === undefined ? {} : { limit }), ...(reset === undefined ? {} : { resetAt: reset * 1000 }) };
}

/** Keeps the budget of the latest answer. */
export class RateBudgetTracker {
  private latest: RateBudget | undefined;

  /** Records what a response's headers say; answers without the headers leave the last value. */
  note(headers: Record<string, string>): void {
    this.latest = rateBudgetFrom(headers) ?? this.latest;
  }

  get budget(): RateBudget | undefined {
    return this.latest && { ...this.latest };
  }
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

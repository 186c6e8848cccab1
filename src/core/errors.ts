// Typed errors: callers branch on `reason`, never on message text (STYLE.md §13).

export type DevopsErrorReason =
  | 'untrusted' // the workspace is not trusted, nothing may run
  | 'not-approved' // a devops.yaml command the user has not approved as it is now
  | 'cancelled' // the user or a caller aborted
  | 'timeout'
  | 'invalid-config'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'unavailable' // connection refused, 5xx, DNS failure
  | 'conflict' // e.g. a deploy already running, a dirty tree
  | 'invalid-data' // outside data that does not fit its schema
  | 'insecure' // a credential would travel unencrypted, or to a host it was not given for
  | 'io';

export class DevopsError extends Error {
  constructor(
    readonly reason: DevopsErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DevopsError';
  }

  static is(value: unknown, reason?: DevopsErrorReason): value is DevopsError {
    return value instanceof DevopsError && (reason === undefined || value.reason === reason);
  }
}

/** True for an abort, whether it came as our error or the platform's AbortError. */
export function isCancellation(error: unknown): boolean {
  return DevopsError.is(error, 'cancelled') || (error instanceof Error && error.name === 'AbortError');
}

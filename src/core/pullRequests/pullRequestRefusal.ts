import { DevopsError } from '../errors';

// A code host saying no to a create or a merge, with its own reason: callers branch on
// `refusal`, and the message carries the host's words so the user learns what to do.

/**
 * not-mergeable: checks, reviews or conflicts block it (GitHub 405, GitLab 405/406/422);
 * head-changed: the branch moved since the user looked (409); invalid: the host's validation
 * failed (422: no commits, a request exists already, an unknown base); closed: it was closed
 * or merged meanwhile.
 */
export type RefusalKind = 'not-mergeable' | 'head-changed' | 'invalid' | 'closed';

export class PullRequestRefusal extends DevopsError {
  constructor(
    readonly refusal: RefusalKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('conflict', message, options);
    this.name = 'PullRequestRefusal';
  }

  static isRefusal(value: unknown, refusal?: RefusalKind): value is PullRequestRefusal {
    return value instanceof PullRequestRefusal && (refusal === undefined || value.refusal === refusal);
  }
}

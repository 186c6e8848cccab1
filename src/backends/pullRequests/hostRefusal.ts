import { PullRequestRefusal } from '../../core/pullRequests/pullRequestRefusal';
import type { RefusalKind } from '../../core/pullRequests/pullRequestRefusal';
import { HttpError } from '../http/httpErrors';

// A host's "no" to a create or merge becomes a PullRequestRefusal that carries the host's
// own reason; every other failure (network, sign-in, 5xx) stays what it was.

/** Status codes that mean a refusal, and which kind. */
export type RefusalStatuses = Readonly<Partial<Record<number, RefusalKind>>>;

/** Runs `work`, turning the listed statuses into a refusal that says `what` and the host's words. */
export async function refusing<T>(work: Promise<T>, statuses: RefusalStatuses, what: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const kind = HttpError.isHttp(error) && error.status !== undefined ? statuses[error.status] : undefined;
    if (kind === undefined || !HttpError.isHttp(error)) throw error;
    const said = error.serverSaid ?? `status ${error.status ?? '?'}`;
    throw new PullRequestRefusal(kind, `${what}: ${said}`, { cause: error });
  }
}

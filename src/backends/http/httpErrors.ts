import { DevopsError } from '../../core/errors';
import type { DevopsErrorReason } from '../../core/errors';

// Typed HTTP failures. Callers branch on `reason` (and `status` when they need the
// exact code); messages name the method and path, never a header or query string,
// so a token can not leak into a notification or a log.

/** What went wrong below the status code, for callers that treat cases apart. */
export type HttpErrorDetail =
  | 'status' // the server answered with an error status
  | 'network' // refused, reset, DNS failure, TLS failure
  | 'timeout'
  | 'cancelled'
  | 'redirect-refused' // a redirect to another host, or too many redirects
  | 'too-large' // the body passed the size limit
  | 'bad-body' // not JSON, or JSON that does not fit the expected shape
  | 'proxy' // the proxy failed: unreachable, 407, CONNECT refused, or an unusable proxy setting
  | 'refused'; // not sent: Restricted Mode, or credentials that would travel over plain http

export interface HttpErrorInit {
  detail: HttpErrorDetail;
  /** HTTP status when the server answered (for detail 'proxy': the proxy's answer). */
  status?: number;
  /** How long the server asked us to wait before trying again. */
  retryAfterMs?: number;
  /** `METHOD path` without query string. */
  request: string;
  /** The server's own explanation of an error status (secrets removed), to show as the host's reason. */
  serverSaid?: string;
  cause?: unknown;
}

export class HttpError extends DevopsError {
  readonly detail: HttpErrorDetail;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly request: string;
  readonly serverSaid: string | undefined;

  constructor(reason: DevopsErrorReason, message: string, init: HttpErrorInit) {
    super(reason, message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpError';
    this.detail = init.detail;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.request = init.request;
    this.serverSaid = init.serverSaid;
  }

  static isHttp(value: unknown): value is HttpError {
    return value instanceof HttpError;
  }
}

/** The reason an error status maps to. */
export function reasonForStatus(status: number): DevopsErrorReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'invalid-data';
}

/**
 * The longest wait a server can ask for (Retry-After, a rate-limit reset): 5 minutes. A
 * server's header must not park a view for days; asking again after 5 minutes costs
 * one request, and a server still limiting then answers with a new wait.
 */
export const maxServerWaitMs = 5 * 60_000;

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date, at most maxServerWaitMs. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, maxServerWaitMs);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), maxServerWaitMs);
}

/**
 * GitHub answers an exhausted primary rate limit with 403 and x-ratelimit-remaining: 0;
 * that is a wait, not a permission problem.
 */
export function rateLimitResetMs(headers: Record<string, string>, now: number): number | undefined {
  if (headers['x-ratelimit-remaining'] !== '0') return undefined;
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.min(Math.max(0, reset * 1000 - now), maxServerWaitMs) : 60_000;
}

/** Removes every secret from a text bound for a message. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('***');
  return result;
}

/**
 * The server's own short explanation, from the usual JSON error fields; GitHub's
 * "Validation Failed" comes with the failed checks in `errors`, GitLab sends `message`
 * as a list: those say what to do, so they are kept.
 */
export function serverMessage(body: Buffer): string | undefined {
  const text = body.subarray(0, 4096).toString('utf8');
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const listed = Array.isArray(parsed.message) ? texts(parsed.message).join('; ') : undefined;
    const candidates = [parsed.message, listed, parsed.error, parsed.error_description, Array.isArray(parsed.errorMessages) ? parsed.errorMessages[0] : undefined];
    const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
    const details = Array.isArray(parsed.errors) ? texts(parsed.errors) : [];
    const said = found === undefined ? details.join('; ') : details.length > 0 ? `${found}: ${details.join('; ')}` : found;
    return said === '' ? undefined : said.slice(0, 200);
  } catch {
    return undefined;
  }
}

function texts(values: unknown[]): string[] {
  return values
    .map((value) => (typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : undefined))
    .filter((value): value is string => value !== undefined && value !== '');
}

export function describeWait(ms: number): string {
  return ms >= 60_000 ? `${Math.ceil(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
}

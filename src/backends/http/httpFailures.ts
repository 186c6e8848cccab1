import { ProxyFailure } from './proxyAgent';
import { BodyTooLargeError } from './httpTransport';
import type { RawResponse } from './httpTransport';
import { describeWait, HttpError, parseRetryAfter, rateLimitResetMs, reasonForStatus, redact, serverMessage } from './httpErrors';

// Turns transport failures and error statuses into HttpError with a message a user
// can act on. Only the method, host and path are named: never headers or the query.

export interface NetworkContext {
  cancelled: boolean;
  timedOut: boolean;
  timeoutMs: number;
  host: string;
}

const tlsCodes = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_|ERR_SSL_)/;

export function networkError(error: unknown, label: string, context: NetworkContext): HttpError {
  if (context.cancelled) return new HttpError('cancelled', `${label} was cancelled`, { detail: 'cancelled', request: label, cause: error });
  if (context.timedOut) {
    return new HttpError('unavailable', `${label}: no answer within ${describeWait(context.timeoutMs)}`, { detail: 'timeout', request: label, cause: error });
  }
  if (error instanceof BodyTooLargeError) {
    return new HttpError('invalid-data', `${label}: the response is larger than ${Math.round(error.limit / 1024)} KB`, { detail: 'too-large', request: label, cause: error });
  }
  if (error instanceof ProxyFailure) return proxyError(error, label, context.host);
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = typeof code === 'string' ? code : '';
  let message: string;
  if (text === 'ECONNREFUSED') message = `connection refused by ${context.host}`;
  else if (text === 'ENOTFOUND' || text === 'EAI_AGAIN') message = `host ${context.host} not found`;
  else if (tlsCodes.test(text)) message = `the TLS certificate of ${context.host} is not trusted (${text}); set a CA file for self-managed servers`;
  else if (text === 'ECONNRESET' || text === 'EPIPE') message = `the connection to ${context.host} was reset`;
  else message = `cannot reach ${context.host}${text ? ` (${text})` : ''}`;
  return new HttpError('unavailable', `${label}: ${message}`, { detail: 'network', request: label, cause: error });
}

/** The proxy hop failed: the message names the proxy by host:port (never its credentials) and the target. */
export function proxyError(failure: ProxyFailure, label: string, targetHost: string): HttpError {
  const proxy = failure.proxyHost;
  const init = { detail: 'proxy' as const, status: failure.status, request: label, cause: failure };
  if (failure.kind === 'auth') {
    return new HttpError('forbidden', `${label}: the proxy ${proxy} requires authentication (407); check the user and password of the proxy URL`, init);
  }
  if (failure.kind === 'refused') {
    const status = failure.status ?? 0;
    return new HttpError(status >= 500 ? 'unavailable' : 'forbidden', `${label}: the proxy ${proxy} refused to open a tunnel to ${targetHost} (${status})`, init);
  }
  const code = failure.code;
  let why: string;
  if (code === 'ECONNREFUSED') why = `cannot reach the proxy ${proxy} (connection refused)`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') why = `proxy host ${proxy} not found`;
  else if (code === undefined) why = `the proxy ${proxy} closed the connection before answering`;
  else why = `cannot reach the proxy ${proxy} (${code})`;
  return new HttpError('unavailable', `${label}: ${why}`, init);
}

export function statusError(raw: RawResponse, label: string, secrets: readonly string[], now: number): HttpError {
  const status = raw.status;
  const said = serverMessage(raw.body);
  const serverSaid = said === undefined ? undefined : redact(said, secrets);
  const suffix = serverSaid === undefined ? '' : ` (${serverSaid})`;
  const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], now);
  const limitResetMs = status === 403 || status === 429 ? rateLimitResetMs(raw.headers, now) : undefined;
  if (status === 429 || (status === 403 && (limitResetMs !== undefined || retryAfterMs !== undefined))) {
    const wait = retryAfterMs ?? limitResetMs ?? 60_000;
    return new HttpError('rate-limited', `${label}: rate limited, retry in ${describeWait(wait)}${suffix}`, { detail: 'status', status, retryAfterMs: wait, request: label });
  }
  const reason = reasonForStatus(status);
  const what: Partial<Record<typeof reason, string>> = {
    unauthorized: 'the credentials were refused; sign in again or renew the token',
    forbidden: 'access denied; the token lacks a permission or scope',
    'not-found': 'not found; check the repository, project or board setting',
    unavailable: 'the server failed',
  };
  const message = `${label}: ${status} ${what[reason] ?? 'request rejected'}${suffix}`;
  return new HttpError(reason, message, { detail: 'status', status, retryAfterMs: reason === 'unavailable' ? retryAfterMs : undefined, request: label, serverSaid });
}

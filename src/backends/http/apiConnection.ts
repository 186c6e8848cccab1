import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import type { EtagCache } from './etagCache';
import { HttpClient } from './httpClient';
import type { HttpClientOptions } from './httpClient';

// The connection options every HTTP backend takes (GitHub, GitLab, Jenkins, plan
// providers), read in one place so that defaults, trailing slashes and credentials
// are handled alike.

/** How a backend reaches its server. */
export interface ApiConnectionOptions {
  /** API base; each backend has its default (https://api.github.com, https://gitlab.com/api/v4…). */
  baseUrl?: string;
  /** Deadline of one call; default 15 s (log reads: at least 60 s). */
  timeoutMs?: number;
  /** PEM file with extra CA certificates (self-managed servers with a private CA). */
  caFile?: string;
  /** Forward proxy, http://[user:pass@]host:port; see HttpClientOptions.proxy. */
  proxy?: string;
  /** Hosts reached without the proxy; default loopback only; see HttpClientOptions.noProxy. */
  noProxy?: readonly string[];
  /** Cache for conditional GETs; false turns them off; default 500 entries in memory. */
  etagCache?: EtagCache | false;
  /** Wall clock; replaceable in tests. */
  now?: () => number;
  /** Asked before every request (log reads included): refuses in Restricted Mode, counts connections. */
  network: NetworkGate;
}

/** A token for the origin a request goes to, asked for per call so a refreshed sign-in is used; never logged. */
export type TokenSource = (origin: string, signal: AbortSignal) => Promise<string | undefined>;

/** Credentials as headers for the origin a request goes to. */
export type CredentialHeaders = (origin: string, signal: AbortSignal) => Promise<Record<string, string>>;

/** What a backend adds to the shared options when it builds its client. */
export interface ApiClientShape {
  /** Base used when the options name none. */
  defaultBaseUrl: string;
  /** Headers every request carries (Accept, API version). */
  headers?: Record<string, string>;
  /** Credentials as headers, asked for per call. */
  auth?: HttpClientOptions['auth'];
  /** Overrides the options' ETag cache (Jenkins sends no ETags). */
  etagCache?: EtagCache | false;
  /** Same-host redirects followed; default 5. */
  maxRedirects?: number;
}

const defaultTimeoutMs = 15_000;
const minLogTimeoutMs = 60_000;

/** The base URL in use, without a trailing slash. */
export function apiBaseUrl(options: ApiConnectionOptions, defaultBaseUrl: string): string {
  return (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
}

/** The HttpClient of a backend, from the shared options and its own shape. */
export function createApiClient(options: ApiConnectionOptions, shape: ApiClientShape): HttpClient {
  return new HttpClient({
    baseUrl: apiBaseUrl(options, shape.defaultBaseUrl),
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    caFile: options.caFile,
    proxy: options.proxy,
    noProxy: options.noProxy,
    etagCache: shape.etagCache ?? options.etagCache,
    now: options.now,
    network: options.network,
    headers: shape.headers,
    auth: shape.auth,
    maxRedirects: shape.maxRedirects,
  });
}

/** Deadline of a log read: logs are large and come from slower storage, so never under a minute. */
export function logTimeoutMs(options: ApiConnectionOptions): number {
  return Math.max(options.timeoutMs ?? defaultTimeoutMs, minLogTimeoutMs);
}

/**
 * Credentials as headers from a per-call source. Without credentials no header is sent,
 * or, when `missing` is given, the call fails as unauthorized with that message.
 */
export function credentialHeaders<T>(
  source: (origin: string, signal: AbortSignal) => Promise<T | undefined>,
  toHeaders: (credentials: T) => Record<string, string>,
  missing?: string,
): CredentialHeaders {
  return async (origin, signal) => {
    const credentials = await source(origin, signal);
    if (credentials !== undefined && credentials !== '') return toHeaders(credentials);
    if (missing !== undefined) throw new DevopsError('unauthorized', missing);
    return {};
  };
}

/** `Authorization: Bearer <token>` (GitHub). */
export function bearerHeader(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

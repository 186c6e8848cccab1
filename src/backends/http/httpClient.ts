import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as http from 'node:http';
import { rootCertificates } from 'node:tls';
import type { z } from 'zod';
import type { NetworkGate } from '../../core/ports';
import { MemoryEtagCache } from './etagCache';
import type { EtagCache } from './etagCache';
import { HttpError } from './httpErrors';
import { networkError, proxyError, statusError } from './httpFailures';
import { bypassesProxy, connectionAgent, loopbackHosts, parseProxy, ProxyFailure } from './proxyAgent';
import type { ProxyTarget } from './proxyAgent';
import { sendRaw } from './httpTransport';
import type { RawResponse } from './httpTransport';
import { timeoutSignal } from '../../core/safeTimers';
import { guardRequest } from './requestGuard';

// The one JSON HTTP client of the backends: every call has a deadline and an
// AbortSignal, errors are typed by status, GETs are conditional when an ETag is
// known, redirects never leave the configured host, and bodies are size-capped. Every
// request passes the network gate, and credentials go only to the base origin, over
// https or to this machine.

export interface HttpClientOptions {
  /** Base of relative paths, e.g. https://api.github.com or https://host/api/v4. */
  baseUrl: string;
  /** Deadline of one call, redirects included; default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted; default 20 MB. */
  maxBytes?: number;
  /** PEM file with extra CA certificates (self-managed servers), added to the public roots. */
  caFile?: string;
  /**
   * Forward proxy, http://[user:pass@]host:port (https:// proxies work too). HTTPS targets
   * go through a CONNECT tunnel (the CA file still applies to the target, connections are
   * kept alive), HTTP targets as absolute-form requests. The user info is sent as
   * Proxy-Authorization and never appears in a message.
   */
  proxy?: string;
  /**
   * Hosts reached without the proxy, NO_PROXY style: "host" (and its subdomains), ".domain",
   * "host:port", an IP, or "*". Default: localhost, 127.0.0.1 and ::1, so a loopback server
   * is never proxied unless a list without them is given ([] proxies every host).
   */
  noProxy?: readonly string[];
  /** Headers sent with every request (Accept, API version…). */
  headers?: Record<string, string>;
  /** Credentials as headers for the base origin, asked for per call so that a refreshed token is used; their values never reach a message. */
  auth?: (origin: string, signal: AbortSignal) => Promise<Record<string, string> | undefined>;
  /** Asked before every request: refuses in Restricted Mode, counts connections. */
  network: NetworkGate;
  /** Cache for conditional GETs; false turns them off. Default: 500 entries in memory. */
  etagCache?: EtagCache | false;
  /** Same-host redirects followed; default 5. */
  maxRedirects?: number;
  /** Wall clock for Retry-After dates; replaceable in tests. */
  now?: () => number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  /** Path below baseUrl ("/repos/o/r/issues") or an absolute URL on the same host (a Link "next"). */
  path: string;
  method?: HttpMethod;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Aborting cancels the call; it then fails with reason 'cancelled'. */
  signal?: AbortSignal;
  /** Overrides the client's deadline for this call. */
  timeoutMs?: number;
  /** Send If-None-Match when a cached ETag exists; default true for GET. */
  conditional?: boolean;
  /** How to decode the body; default 'json'. */
  responseType?: 'json' | 'text';
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Decoded body; for a 304, the cached body of the last 200. */
  body: T;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** True when the server answered 304 and `body` came from the cache. */
  notModified: boolean;
  /** The final URL, after same-host redirects. */
  url: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export class HttpClient {
  private readonly base: URL;
  private readonly cache: EtagCache | undefined;
  private agent: http.Agent | undefined;
  private agentReady: Promise<http.Agent> | undefined;
  /** The proxy in use; undefined when none or the base host is excluded, null when the setting is unusable. */
  private readonly proxy: ProxyTarget | undefined | null;

  constructor(private readonly options: HttpClientOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
    this.cache = options.etagCache === false ? undefined : (options.etagCache ?? new MemoryEtagCache());
    // Redirects never leave the base origin, so one decision holds for every request.
    const proxy = options.proxy === undefined || options.proxy.trim() === '' ? undefined : (parseProxy(options.proxy) ?? null);
    this.proxy = proxy && bypassesProxy(this.base, options.noProxy ?? loopbackHosts) ? undefined : proxy;
  }

  /** Sends a request and decodes the body; throws HttpError for any failure. */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const method = request.method ?? 'GET';
    const caller = request.signal ?? new AbortController().signal;
    let url = this.resolve(request.path, request.query, `${method} ${request.path}`);
    const label = (): string => `${method} ${url.host}${url.pathname}`;
    // Checked before the credentials are even looked up: a refused request sends no header.
    guardRequest(this.options.network, url, label(), this.options.auth !== undefined);
    const authHeaders = (await this.options.auth?.(this.base.origin, caller)) ?? {};
    const secrets = [...secretsOf(authHeaders), ...(this.proxy?.secrets ?? [])];
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 15_000;
    const deadline = timeoutSignal(timeoutMs);
    const signal = AbortSignal.any([caller, deadline]);
    const agent = await this.agentFor(url, label());
    const conditional = method === 'GET' && (request.conditional ?? true) && this.cache !== undefined;
    const cacheKey = `${url.href}\n${fingerprint(authHeaders)}`;
    const cached = conditional ? this.cache?.get(cacheKey) : undefined;
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'devops-loop',
      ...this.options.headers,
      ...request.headers,
      ...authHeaders,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(cached ? { 'if-none-match': cached.etag } : {}),
    };
    let raw: RawResponse;
    for (let redirects = 0; ; redirects++) {
      try {
        raw = await sendRaw({ url, method, headers, body, signal, agent, keepRoute: this.proxy !== undefined, maxBytes: this.options.maxBytes ?? 20 * 1024 * 1024 });
      } catch (error) {
        throw networkError(error, label(), { cancelled: caller.aborted, timedOut: deadline.aborted, timeoutMs, host: url.host });
      }
      const location = raw.headers.location;
      if (!redirectStatuses.has(raw.status) || location === undefined) break;
      if (redirects >= (this.options.maxRedirects ?? 5)) throw new HttpError('invalid-data', `${label()}: too many redirects`, { detail: 'redirect-refused', status: raw.status, request: label() });
      const next = new URL(location, url);
      if (next.origin !== this.base.origin) {
        throw new HttpError('invalid-data', `${label()}: refused a redirect to another host (${next.host}); check the base URL`, { detail: 'redirect-refused', status: raw.status, request: label() });
      }
      url = next;
      guardRequest(this.options.network, url, label(), this.options.auth !== undefined);
    }
    // An absolute-form request is answered by the proxy itself when it wants credentials.
    if (raw.status === 407 && this.proxy) throw proxyError(new ProxyFailure('auth', this.proxy.display, 407), label(), url.host);
    const now = this.options.now?.() ?? Date.now();
    if (raw.status === 304 && cached) {
      return { status: 304, body: cached.body, headers: { ...cached.headers, ...raw.headers }, notModified: true, url: url.href };
    }
    if (raw.status >= 400 || raw.status === 304) throw statusError(raw, label(), secrets, now);
    const decoded = decodeBody(raw, request.responseType ?? 'json', label());
    const etag = raw.headers.etag;
    if (conditional && etag !== undefined && this.cache) {
      this.cache.set(cacheKey, { etag, body: decoded, headers: pick(raw.headers, ['link', 'x-next-page', 'x-total', 'x-total-pages']) });
    }
    return { status: raw.status, body: decoded, headers: raw.headers, notModified: false, url: url.href };
  }

  /** Like request(), with the body checked against a schema where it enters. */
  async json<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<HttpResponse<T>> {
    const response = await this.request(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
      const label = `${request.method ?? 'GET'} ${new URL(response.url).pathname}`;
      throw new HttpError('invalid-data', `${label}: unexpected response${where}: ${issue?.message ?? 'invalid'}`, { detail: 'bad-body', status: response.status, request: label });
    }
    return { ...response, body: parsed.data };
  }

  /** Closes pooled connections; the client stays usable. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
    this.agentReady = undefined;
  }

  private resolve(path: string, query: HttpRequest['query'], label: string): URL {
    const absolute = /^https?:\/\//i.test(path);
    const url = absolute ? new URL(path) : new URL(this.base.pathname.replace(/\/$/, '') + '/' + path.replace(/^\/+/, ''), this.base);
    if (url.origin !== this.base.origin) {
      throw new HttpError('invalid-data', `${label.split('?')[0]}: refused a URL on another host (${url.host})`, { detail: 'redirect-refused', request: label.split('?')[0] });
    }
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  private async agentFor(url: URL, label: string): Promise<http.Agent> {
    const proxy = this.proxy;
    if (proxy === null) {
      throw new HttpError('invalid-config', `${label}: the proxy setting is not a URL like http://host:port`, { detail: 'proxy', request: label });
    }
    this.agentReady ??= (async () => {
      const ca = this.options.caFile ? [...rootCertificates, await readFile(this.options.caFile, 'utf8')] : undefined;
      this.agent = connectionAgent(this.base, ca, proxy);
      return this.agent;
    })();
    try {
      return await this.agentReady;
    } catch (error) {
      this.agentReady = undefined;
      throw new HttpError('io', `cannot read the CA file ${this.options.caFile ?? ''}`, { detail: 'network', request: url.host, cause: error });
    }
  }
}

function decodeBody(raw: RawResponse, type: 'json' | 'text', label: string): unknown {
  const text = raw.body.toString('utf8');
  if (type === 'text') return text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError('invalid-data', `${label}: the response is not valid JSON`, { detail: 'bad-body', status: raw.status, request: label, cause: error });
  }
}

function secretsOf(headers: Record<string, string>): string[] {
  // "Bearer abc" leaks as "abc" just as well; redact the whole value and each word.
  return Object.values(headers).flatMap((value) => [value, ...value.split(/\s+/).filter((word) => !/^(bearer|basic|token)$/i.test(word))]);
}

function fingerprint(headers: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(headers)).digest('hex').slice(0, 16);
}

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));
}

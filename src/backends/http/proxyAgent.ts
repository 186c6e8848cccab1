import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

// The connection pool of one HttpClient: direct, or through a forward proxy (HTTPS
// targets tunnelled with CONNECT, HTTP targets sent in absolute form). The agents come
// from the proxy-agents project; the subclasses only turn the proxy's own failures
// into ProxyFailure, so the client can name the proxy instead of the target, and pass
// the CA file on to the tunnelled TLS handshake (the library would only use it for
// the hop to the proxy).

/** Hosts reached directly when no exclusion list is given: a loopback server is never behind the proxy. */
export const loopbackHosts: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** Why the proxy, not the target, failed a request. */
export type ProxyFailureKind = 'unreachable' | 'auth' | 'refused';

/** A failure of the proxy hop. Its message names the proxy by host:port only, never its credentials. */
export class ProxyFailure extends Error {
  constructor(
    readonly kind: ProxyFailureKind,
    /** host:port of the proxy, without user info. */
    readonly proxyHost: string,
    /** The proxy's answer to CONNECT, when it answered. */
    readonly status?: number,
    /** The socket error code when the proxy could not be reached (ECONNREFUSED…). */
    readonly code?: string,
  ) {
    super(`proxy ${proxyHost}: ${kind}${status === undefined ? '' : ` (${status})`}${code === undefined ? '' : ` (${code})`}`);
    this.name = 'ProxyFailure';
  }
}

/** A proxy URL checked once: scheme http(s), a host, and its credentials kept apart from its name. */
export interface ProxyTarget {
  url: URL;
  /** host:port, safe for messages. */
  display: string;
  /** Decoded credentials and their encodings, to redact from anything a server echoes. */
  secrets: string[];
}

/** Parses a proxy URL; undefined when it is not http(s)://host[:port]. Never echoes the input. */
export function parseProxy(text: string): ProxyTarget | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  const display = url.port ? url.host : `${url.host}:${url.protocol === 'https:' ? 443 : 80}`;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const pair = `${user}:${password}`;
  const secrets = user === '' && password === '' ? [] : [pair, Buffer.from(pair).toString('base64'), password, url.password].filter((s) => s.length >= 4);
  return { url, display, secrets };
}

/**
 * True when `target` is to be reached directly: its host matches an entry of the
 * NO_PROXY-style list. An entry is a host name (matching itself and its subdomains;
 * a leading "." or "*." is allowed), an IP address, either with an optional ":port",
 * or "*" for every host. CIDR ranges are not supported.
 */
export function bypassesProxy(target: URL, noProxy: readonly string[]): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.some((raw) => {
    const { name, entryPort } = splitEntry(raw.trim().toLowerCase());
    if (name === '') return false;
    if (name === '*') return true;
    if (entryPort !== undefined && entryPort !== port) return false;
    const domain = name.replace(/^\*?\./, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

function splitEntry(entry: string): { name: string; entryPort?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1], entryPort: bracketed[2] };
  // A bare IPv6 address has several colons and no port.
  if ((entry.match(/:/g) ?? []).length > 1) return { name: entry };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1], entryPort: withPort[2] } : { name: entry };
}

type TunnelConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    private readonly target: ProxyTarget,
    private readonly ca: string[] | undefined,
  ) {
    super(target.url, { keepAlive: true, ca });
    // Built without https.request (see RawRequest.keepRoute), the agent must say its protocol itself.
    this.protocol = 'https:';
  }

  override async connect(req: http.ClientRequest, opts: TunnelConnectOptions): ReturnType<HttpsProxyAgent<string>['connect']> {
    let status: number | undefined;
    req.once('proxyConnect', (answer: { statusCode: number }) => {
      status = answer.statusCode;
    });
    let socket: Awaited<ReturnType<HttpsProxyAgent<string>['connect']>>;
    try {
      socket = await whileConnecting(this, opts, () => super.connect(req, opts.secureEndpoint ? { ...opts, ca: this.ca ?? opts.ca, checkServerIdentity: identityOf(opts.host) } : opts));
    } catch (error) {
      throw new ProxyFailure('unreachable', this.target.display, undefined, codeOf(error));
    }
    // The library replays a refused CONNECT as if the target had answered; a 403 from
    // the proxy must not read as "the token lacks a permission".
    if (status !== undefined && status !== 200) {
      socket.destroy();
      throw new ProxyFailure(status === 407 ? 'auth' : 'refused', this.target.display, status);
    }
    return socket;
  }
}

class ForwardAgent extends HttpProxyAgent<string> {
  constructor(private readonly target: ProxyTarget) {
    super(target.url, { keepAlive: true });
    this.protocol = 'http:';
  }

  override async connect(...args: Parameters<HttpProxyAgent<string>['connect']>): ReturnType<HttpProxyAgent<string>['connect']> {
    try {
      return await whileConnecting(this, args[1], () => super.connect(...args));
    } catch (error) {
      throw new ProxyFailure('unreachable', this.target.display, undefined, codeOf(error));
    }
  }
}

/** The keep-alive agent for requests to `base`: through `proxy` unless it is undefined or bypassed. */
export function connectionAgent(base: URL, ca: string[] | undefined, proxy: ProxyTarget | undefined): http.Agent {
  const secure = base.protocol === 'https:';
  if (proxy === undefined) return secure ? new https.Agent({ keepAlive: true, ca }) : new http.Agent({ keepAlive: true });
  return secure ? new TunnelAgent(proxy, ca) : new ForwardAgent(proxy);
}

/**
 * Runs the library's connect() with the socket to the proxy tied to the request's
 * signal (sendRaw passes it as connectSignal) until the proxy hop is done, so a proxy
 * that never answers does not keep a socket open. The libraries open that socket
 * synchronously, so the swapped options are seen by this call only; once connected the
 * link is dropped, because a pooled tunnel outlives the request's deadline.
 */
function whileConnecting<T>(agent: { connectOpts: net.TcpNetConnectOpts & tls.ConnectionOptions }, opts: object, start: () => Promise<T>): Promise<T> {
  const signal = (opts as { connectSignal?: unknown }).connectSignal;
  if (!(signal instanceof AbortSignal)) return start();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const shared = agent.connectOpts;
  agent.connectOpts = { ...shared, signal: controller.signal };
  let pending: Promise<T>;
  try {
    pending = start();
  } finally {
    agent.connectOpts = shared;
  }
  return pending.finally(() => signal.removeEventListener('abort', onAbort));
}

// The library drops `host` when it wraps the tunnel in TLS, so for an IP target
// (servername is only set for names) Node would check the certificate against "localhost".
function identityOf(host: string | undefined): (name: string, cert: tls.PeerCertificate) => Error | undefined {
  return (name, cert) => tls.checkServerIdentity(host ?? name, cert);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

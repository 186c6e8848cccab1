import * as http from 'node:http';
import * as https from 'node:https';
import { DevopsError } from '../../../core/errors';
import { delay, setSafeTimeout, timeoutSignal } from '../../../core/safeTimers';
import { networkError } from '../../http/httpFailures';
import { sendRaw } from '../../http/httpTransport';
import { LineSplitter } from '../../logs/lineSplitter';
import type { LineBatch } from '../../../core/monitor/logTypes';
import { ConnectionPool } from './connectionPool';
import { credentialFailure, statusFailure } from './kubeErrors';
import type { KubeSession } from './kubeSession';

// Requests to the API server of one session. The TLS options, the agent and the headers
// come from the library (applyToHTTPSOptions), which passes the network gate and the
// credential-helper policy first, so no request can skip them. Every call has a deadline:
// until the answer for single requests, and for streams (watch, logs) until the headers
// and then between two chunks.

export interface KubeRequest {
  method?: 'GET' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server, e.g. /apis/apps/v1/namespaces/shop/deployments. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Content type of the body: JSON by default, a patch type for PATCH. */
  contentType?: string;
  signal: AbortSignal;
}

/** How long the client waits. */
export interface KubeTimeouts {
  /** A single request, or a stream's headers. */
  requestMs: number;
  /** A credential plugin or auth provider to hand over credentials. */
  credentialsMs: number;
}

export const defaultKubeTimeouts: KubeTimeouts = { requestMs: 15_000, credentialsMs: 30_000 };

interface Prepared {
  url: URL;
  label: string;
  headers: Record<string, string>;
  agent: http.Agent | undefined;
  body: Buffer | undefined;
}

export class KubeClient {
  private readonly pool = new ConnectionPool();

  constructor(
    readonly session: KubeSession,
    private readonly timeouts: KubeTimeouts = defaultKubeTimeouts,
  ) {}

  /** Closes the pooled connections; the client stays usable. */
  close(): void {
    this.pool.close();
  }

  /** Sends one request and decodes the JSON answer; throws HttpError by status, DevopsError otherwise. */
  async json(request: KubeRequest): Promise<unknown> {
    const prepared = await this.prepare(request);
    const deadline = timeoutSignal(this.timeouts.requestMs);
    const signal = AbortSignal.any([request.signal, deadline]);
    let raw;
    try {
      raw = await sendRaw({ url: prepared.url, method: request.method ?? 'GET', headers: prepared.headers, body: prepared.body, signal, agent: prepared.agent, maxBytes: 256 * 1024 * 1024 });
    } catch (error) {
      throw networkError(error, prepared.label, { cancelled: request.signal.aborted, timedOut: deadline.aborted, timeoutMs: this.timeouts.requestMs, host: prepared.url.host });
    }
    if (raw.status < 200 || raw.status >= 300) throw statusFailure(raw.status, raw.body, prepared.label);
    try {
      return JSON.parse(raw.body.toString('utf8')) as unknown;
    } catch (error) {
      throw new DevopsError('invalid-data', `${prepared.label}: the answer is not JSON`, { cause: error });
    }
  }

  /**
   * Follows a streamed answer line by line (a watch, a log with follow) until the server
   * ends it (resolves) or it fails (rejects, typed). More than `idleMs` without a byte ends
   * it with a timeout: a connection that died without a word must not hang forever.
   * `onLine` returning 'stop' ends the stream early (resolves); `onOpen` runs once the server said 200.
   */
  async lines(request: KubeRequest, stream: { idleMs: number; onOpen?: () => void }, onLine: (line: string) => 'stop' | undefined): Promise<void> {
    const { idleMs } = stream;
    const prepared = await this.prepare(request);
    await new Promise<void>((resolve, reject) => {
      const module = prepared.url.protocol === 'https:' ? https : http;
      const req = module.request(prepared.url, { method: request.method ?? 'GET', headers: prepared.headers, agent: prepared.agent });
      // One timer per stream, not one per chunk: it checks when data last came and waits the rest.
      let timedOut: number | undefined;
      let timer: ReturnType<typeof setSafeTimeout> | undefined;
      let limit = this.timeouts.requestMs;
      let lastData = Date.now();
      const check = (): void => {
        const quiet = Date.now() - lastData;
        if (quiet < limit) {
          timer = setSafeTimeout(check, limit - quiet);
          return;
        }
        timedOut = limit;
        req.destroy(new Error('timeout'));
      };
      const arm = (ms: number): void => {
        limit = ms;
        lastData = Date.now();
        timer ??= setSafeTimeout(check, ms);
      };
      const onAbort = (): void => void req.destroy(new Error('aborted'));
      let settled = false;
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        request.signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(DevopsError.is(error) ? error : networkError(error, prepared.label, { cancelled: request.signal.aborted, timedOut: timedOut !== undefined, timeoutMs: timedOut ?? 0, host: prepared.url.host }));
      };
      if (request.signal.aborted) return finish(new Error('aborted'));
      request.signal.addEventListener('abort', onAbort, { once: true });
      arm(this.timeouts.requestMs);
      req.on('error', finish);
      req.on('response', (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => finish(statusFailure(res.statusCode ?? 0, Buffer.concat(chunks), prepared.label)));
          res.on('error', finish);
          return;
        }
        arm(idleMs);
        stream.onOpen?.();
        const splitter = new LineSplitter(4 * 1024 * 1024);
        let stopped = false;
        const deliver = (lines: LineBatch): void => {
          for (let index = 0; index < lines.length && !stopped; index++) {
            const line = lines.text(index);
            if (line === '') continue;
            if (onLine(line) === 'stop') {
              stopped = true;
              finish();
              req.destroy();
            }
          }
        };
        res.on('data', (chunk: Buffer) => {
          lastData = Date.now();
          deliver(splitter.push(chunk));
        });
        res.on('end', () => {
          deliver(splitter.end());
          finish();
        });
        res.on('error', finish);
        res.on('close', () => {
          if (!res.complete) finish(new Error('the connection closed mid-stream'));
        });
      });
      req.end(prepared.body);
    });
  }

  private async prepare(request: KubeRequest): Promise<Prepared> {
    const url = new URL(this.session.server.href.replace(/\/+$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const label = `${request.method ?? 'GET'} ${url.pathname}`;
    const options: https.RequestOptions = {};
    try {
      await withinDeadline(this.session.kubeConfig.applyToHTTPSOptions(options), this.timeouts.credentialsMs, request.signal, () => {
        if (request.signal.aborted) return new DevopsError('cancelled', `${label} was cancelled`);
        return new DevopsError('timeout', `the credentials of Kubernetes context "${this.session.context}" did not arrive within ${Math.round(this.timeouts.credentialsMs / 1000)} s`);
      });
    } catch (error) {
      throw credentialFailure(error, this.session);
    }
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'devops-loop' };
    for (const [name, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    if (options.auth) headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    if (body) {
      headers['content-type'] = request.contentType ?? 'application/json';
      headers['content-length'] = String(body.length);
    }
    const proxied = Boolean(this.session.kubeConfig.getCurrentCluster()?.proxyUrl);
    return { url, label, headers, agent: this.pool.agentFor(options, this.session.server, proxied), body };
  }
}

/** `work`, or the error of `failure` once `ms` passed or `signal` aborted, whichever comes first. */
async function withinDeadline<T>(work: Promise<T>, ms: number, signal: AbortSignal, failure: () => Error): Promise<T> {
  const stop = new AbortController();
  const expired = delay(ms, AbortSignal.any([signal, stop.signal])).then(() => {
    if (!stop.signal.aborted) throw failure();
    return undefined as never;
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    stop.abort();
  }
}

import * as http from 'node:http';
import * as https from 'node:https';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { NetworkGate } from '../../core/ports';
import { HttpError } from '../http/httpErrors';
import { networkError, statusError } from '../http/httpFailures';
import { timeoutSignal } from '../../core/safeTimers';
import { guardRequest } from '../http/requestGuard';

// Log bodies, which the JSON client is not made for: they can be 100 MB, they are
// read from an offset, and GitHub answers with a redirect to a storage host. This
// streams the body, keeps at most `maxBytes` (the head for offset reads, the tail
// for whole logs), cut at a line end, and never follows a redirect by itself: the
// caller decides where a Location may lead. Errors come from the shared http module,
// and so do the checks before sending: the network gate and the credential rule.

export interface LogFetchRequest {
  url: URL;
  /** Request headers without credentials (Accept, Range). */
  headers: Record<string, string>;
  /** Credential headers; sent only over https or to this machine, their values never reach a message. */
  credentials?: Record<string, string>;
  /** Asked before the request: refuses in Restricted Mode, counts the connection. */
  network: NetworkGate;
  signal: AbortSignal;
  /** Deadline of the whole exchange. */
  timeoutMs: number;
  /** Bytes kept at most. */
  maxBytes: number;
  /** head: keep the first bytes (offset reads continue after them); tail: keep the last ones. */
  keep: 'head' | 'tail';
  /** Extra CA certificates, PEM. */
  ca?: string[];
  /** Wall clock for Retry-After dates. */
  now?: () => number;
}

export interface LogFetchResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The kept bytes as text, cut at a line end when something was dropped. */
  text: string;
  /** Bytes of the body that `text` covers. */
  keptBytes: number;
  /** Bytes the server sent in all (received before we stopped reading, for head). */
  receivedBytes: number;
  /** True when bytes were dropped. */
  cut: boolean;
}

const redirects = new Set([301, 302, 303, 307, 308]);

/** The public roots plus a configured PEM file (self-managed servers), as the JSON client trusts them. */
export async function loadCa(caFile: string | undefined): Promise<string[] | undefined> {
  if (caFile === undefined) return undefined;
  try {
    return [...rootCertificates, await readFile(caFile, 'utf8')];
  } catch (error) {
    throw new HttpError('io', `cannot read the CA file ${caFile}`, { detail: 'network', request: caFile, cause: error });
  }
}

export async function fetchLog(request: LogFetchRequest): Promise<LogFetchResponse> {
  const label = `GET ${request.url.host}${request.url.pathname}`;
  const credentials = request.credentials ?? {};
  guardRequest(request.network, request.url, label, Object.keys(credentials).length > 0);
  const deadline = timeoutSignal(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, deadline]);
  const secrets = Object.values(credentials).flatMap((value) => [value, ...value.split(/\s+/)]);
  try {
    const response = await exchange(request, signal);
    if (response.status >= 400 || (response.status === 304 && response.receivedBytes === 0)) {
      throw statusError({ status: response.status, headers: response.headers, body: Buffer.from(response.text) }, label, secrets, request.now?.() ?? Date.now());
    }
    return response;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw networkError(error, label, { cancelled: request.signal.aborted, timedOut: deadline.aborted, timeoutMs: request.timeoutMs, host: request.url.host });
  }
}

function exchange(request: LogFetchRequest, signal: AbortSignal): Promise<LogFetchResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const module = request.url.protocol === 'https:' ? https : http;
    const options: https.RequestOptions = { method: 'GET', headers: { 'user-agent': 'devops-loop', ...request.headers, ...request.credentials }, ...(request.ca ? { ca: request.ca } : {}) };
    const req = module.request(request.url, options);
    const onAbort = (): void => void req.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (error: Error | undefined, value?: LogFetchResponse): void => {
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value!);
    };
    req.on('error', (error) => done(signal.aborted ? (signal.reason as Error) : error));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const headers = flatten(res.headers);
      // Redirect and error bodies are small and not log text: keep a little for the message.
      const limit = redirects.has(status) || status >= 400 ? 4096 : request.maxBytes;
      const keeper = new ByteKeeper(limit, status >= 400 ? 'head' : request.keep);
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        done(undefined, { status, headers, ...keeper.result() });
      };
      res.on('data', (chunk: Buffer) => {
        keeper.add(chunk);
        // Head reads stop as soon as they have enough: the rest comes with the next offset.
        if (keeper.full && keeper.mode === 'head') {
          finish();
          req.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', (error) => (settled ? undefined : ((settled = true), done(signal.aborted ? (signal.reason as Error) : error))));
    });
    req.end();
  });
}

/** Keeps the first or last `limit` bytes of a stream. */
class ByteKeeper {
  private chunks: Buffer[] = [];
  private kept = 0;
  private received = 0;

  constructor(
    private readonly limit: number,
    readonly mode: 'head' | 'tail',
  ) {}

  get full(): boolean {
    return this.received > this.limit;
  }

  add(chunk: Buffer): void {
    this.received += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    if (this.mode === 'tail') {
      while (this.kept - (this.chunks[0]?.length ?? 0) >= this.limit) this.kept -= this.chunks.shift()!.length;
    }
  }

  result(): { text: string; keptBytes: number; receivedBytes: number; cut: boolean } {
    let body = Buffer.concat(this.chunks);
    const cut = this.received > this.limit;
    if (!cut) return { text: body.toString('utf8'), keptBytes: body.length, receivedBytes: this.received, cut };
    if (this.mode === 'head') {
      body = body.subarray(0, this.limit);
      const end = body.lastIndexOf(0x0a);
      body = end < 0 ? body.subarray(0, 0) : body.subarray(0, end + 1);
    } else {
      body = body.subarray(body.length - this.limit);
      const start = body.indexOf(0x0a);
      body = start < 0 ? body.subarray(body.length) : body.subarray(start + 1);
    }
    return { text: body.toString('utf8'), keptBytes: body.length, receivedBytes: this.received, cut };
  }
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

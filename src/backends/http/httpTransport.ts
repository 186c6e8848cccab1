import * as http from 'node:http';
import * as https from 'node:https';
import { urlToHttpOptions } from 'node:url';

// One request/response exchange over node:http(s), with the body capped while it
// streams in. Everything above it (JSON, caching, errors by status) is httpClient's.

export interface RawRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Aborting destroys the socket; the promise rejects with the signal's reason. */
  signal: AbortSignal;
  /** Bodies past this many bytes are cut off and the call fails. */
  maxBytes: number;
  agent?: http.Agent;
  /**
   * Build the request without http(s).request, which VS Code's extension host patches
   * (http.proxySupport "override") to re-route it and drop the agent: set when the
   * agent is the client's own proxy, so the configured proxy is the one used.
   */
  keepRoute?: boolean;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined by ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/** Thrown when the body passes `maxBytes`. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function sendRaw(request: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (request.signal.aborted) {
      reject(request.signal.reason as Error);
      return;
    }
    const module = request.url.protocol === 'https:' ? https : http;
    const headers = { ...request.headers };
    if (request.body) headers['content-length'] = String(request.body.length);
    // connectSignal reaches a proxy agent's connect(), where no socket exists yet to destroy.
    const options: http.RequestOptions & { connectSignal: AbortSignal } = { method: request.method, headers, agent: request.agent, connectSignal: request.signal };
    const req = request.keepRoute && request.agent ? new http.ClientRequest({ ...urlToHttpOptions(request.url), ...options }) : module.request(request.url, options);
    // Settle at once: while an agent is still connecting (a proxy that never answers
    // CONNECT) the request has no socket, and destroying it alone emits nothing.
    const onAbort = (): void => {
      req.destroy(request.signal.reason as Error);
      finish(request.signal.reason as Error);
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    let tooLarge: BodyTooLargeError | undefined;
    let settled = false;
    const finish = (error: Error | undefined, response?: RawResponse): void => {
      if (settled) return;
      settled = true;
      request.signal.removeEventListener('abort', onAbort);
      // Destroying the request also fails the response stream; the size limit is the real cause.
      if (tooLarge) reject(tooLarge);
      else if (error) reject(error);
      else resolve(response!);
    };
    req.on('error', (error) => finish(request.signal.aborted ? (request.signal.reason as Error) : error));
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > request.maxBytes) {
        tooLarge = new BodyTooLargeError(request.maxBytes);
        req.destroy(tooLarge);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBytes) {
          tooLarge ??= new BodyTooLargeError(request.maxBytes);
          req.destroy(tooLarge);
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => finish(error));
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks) }));
    });
    req.end(request.body);
  });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { DockerEndpoint } from '../../../core/engines/dockerEndpoint';
import { dockerEndpointUrl } from '../../../core/engines/dockerEndpoint';
import { DevopsError } from '../../../core/errors';
import type { NetworkGate } from '../../../core/ports';
import { timeoutSignal } from '../../../core/safeTimers';
import { dockerConnectError, dockerStatusError, engineRefusal } from './dockerErrors';

// HTTP to the Docker engine over its unix socket or a TCP port, with node:http alone (no
// client library: dockerode does not bundle). Every request asks the network gate first
// (refused in Restricted Mode, counted otherwise), has a deadline and an AbortSignal, and
// carries no credential (no Authorization, no client certificate) except a push's
// X-Registry-Auth, which the image release adds only for the registry it was given for.

export interface DockerTransportOptions {
  endpoint: DockerEndpoint;
  /** Asked before every connection. */
  network: NetworkGate;
  /** Deadline of one request, or of a stream until its headers arrive; default 10 s. */
  timeoutMs?: number;
}

export interface DockerRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Path with its API version prefix, e.g. /v1.41/containers/json. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of `body` (a build context as a tar). */
  rawBody?: { contentType: string; data: Buffer };
  /** X-Registry-Auth of a push: the credential of the pushed image's own registry only. */
  registryAuth?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Largest body accepted; default 16 MB. */
  maxBytes?: number;
  /** Asks the engine to turn the connection into a raw stream (exec start, attach). */
  upgrade?: boolean;
}

export interface DockerResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const maxBodyBytes = 16 * 1024 * 1024;

export class DockerTransport {
  private readonly gateTarget: URL;

  constructor(private readonly options: DockerTransportOptions) {
    this.gateTarget = dockerEndpointUrl(options.endpoint);
  }

  get endpoint(): DockerEndpoint {
    return this.options.endpoint;
  }

  /** One request, its whole body read (size-capped); throws DevopsError for any failure or error status. */
  async request(request: DockerRequest): Promise<DockerResponse> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    const deadline = timeoutSignal(timeoutMs);
    const caller = request.signal ?? new AbortController().signal;
    const signal = AbortSignal.any([caller, deadline]);
    const { response } = await this.open(request, signal, { caller, deadline, timeoutMs });
    const body = await readBody(response, request.maxBytes ?? maxBodyBytes, signal).catch((error: unknown) => {
      throw dockerConnectError(error, label(request), this.options.endpoint, { cancelled: caller.aborted, timedOut: deadline.aborted, timeoutMs });
    });
    if ((response.statusCode ?? 0) >= 400) throw dockerStatusError(response.statusCode ?? 0, body, label(request));
    return { status: response.statusCode ?? 0, headers: response.headers, body };
  }

  /** A request whose body is read as it comes (events, logs, stats); only the wait for its headers has a deadline. Aborting `signal` ends it. */
  async stream(request: DockerRequest & { signal: AbortSignal }): Promise<http.IncomingMessage> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    const deadline = timeoutSignal(timeoutMs);
    const headersDue = AbortSignal.any([request.signal, deadline]);
    const { response } = await this.open({ ...request }, headersDue, { caller: request.signal, deadline, timeoutMs }, request.signal);
    if ((response.statusCode ?? 0) >= 400) {
      const body = await readBody(response, 64 * 1024, request.signal).catch(() => Buffer.alloc(0));
      throw dockerStatusError(response.statusCode ?? 0, body, label(request));
    }
    return response;
  }

  /** A request the engine answers with 101 and a raw two-way stream (exec start); aborting `signal` ends the stream. */
  async upgrade(request: DockerRequest & { signal: AbortSignal }): Promise<Duplex> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    const deadline = timeoutSignal(timeoutMs);
    const headersDue = AbortSignal.any([request.signal, deadline]);
    const { response, socket } = await this.open({ ...request, upgrade: true }, headersDue, { caller: request.signal, deadline, timeoutMs }, request.signal);
    if (socket) return socket;
    const body = await readBody(response, 64 * 1024, request.signal).catch(() => Buffer.alloc(0));
    throw dockerStatusError((response.statusCode ?? 0) >= 400 ? (response.statusCode ?? 0) : 500, body, label(request));
  }

  // Resolves with the response once its headers arrive. `until` aborts the socket at any time;
  // `headersDue` only until the headers are in (a stream then lives until `until` aborts).
  // An upgraded request resolves with the raw socket as well.
  private open(request: DockerRequest, headersDue: AbortSignal, why: { caller: AbortSignal; deadline: AbortSignal; timeoutMs: number }, until: AbortSignal = headersDue): Promise<{ response: http.IncomingMessage; socket?: Duplex }> {
    try {
      this.options.network.open(this.gateTarget);
    } catch (error) {
      return Promise.reject(engineRefusal(error, label(request)));
    }
    return new Promise((resolve, reject) => {
      const body = request.rawBody?.data ?? (request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body)));
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json', 'user-agent': 'devops-loop', host: 'docker' };
      if (body) Object.assign(headers, { 'content-type': request.rawBody?.contentType ?? 'application/json', 'content-length': body.length });
      if (request.registryAuth !== undefined) headers['x-registry-auth'] = request.registryAuth;
      if (request.upgrade) Object.assign(headers, { connection: 'Upgrade', upgrade: 'tcp' });
      const endpoint = this.options.endpoint;
      const target = endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
      const req = http.request({ ...target, method: request.method ?? 'GET', path: withQuery(request.path, request.query), headers, agent: false });
      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(dockerConnectError(error, label(request), endpoint, { cancelled: why.caller.aborted, timedOut: why.deadline.aborted, timeoutMs: why.timeoutMs }));
      };
      const onHeadersDue = (): void => {
        req.destroy(headersDue.reason as Error);
        fail(headersDue.reason);
      };
      const onUntil = (): void => void req.destroy(until.reason as Error);
      const cleanup = (): void => headersDue.removeEventListener('abort', onHeadersDue);
      if (headersDue.aborted) return onHeadersDue();
      headersDue.addEventListener('abort', onHeadersDue, { once: true });
      until.addEventListener('abort', onUntil, { once: true });
      req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
      req.on('error', fail);
      req.on('response', (response) => {
        settled = true;
        cleanup();
        response.once('close', () => until.removeEventListener('abort', onUntil));
        resolve({ response });
      });
      req.on('upgrade', (response, socket, head) => {
        settled = true;
        cleanup();
        until.removeEventListener('abort', onUntil);
        const onEnd = (): void => void socket.destroy();
        until.addEventListener('abort', onEnd, { once: true });
        socket.once('close', () => until.removeEventListener('abort', onEnd));
        if (head.length > 0) socket.unshift(head);
        resolve({ response, socket });
      });
      req.end(body);
    });
  }
}

function label(request: DockerRequest): string {
  return `${request.method ?? 'GET'} ${request.path}`;
}

function withQuery(path: string, query: DockerRequest['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function readBody(response: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onAbort = (): void => void response.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) response.destroy(new DevopsError('invalid-data', `the Docker engine's answer is larger than ${Math.round(maxBytes / 1024)} KB`));
      else chunks.push(chunk);
    });
    response.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    response.once('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
  });
}

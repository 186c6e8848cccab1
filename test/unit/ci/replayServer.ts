// A real HTTP server on 127.0.0.1 that replays API answers from fixtures, with
// request counting, ETags (304 on a matching If-None-Match) and rate-limit headers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

const fixturesRoot = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ci');

/** The body of a fixture file (its `body`, or its `lines` joined as text). */
export function fixture<T = unknown>(name: string): T {
  const file = JSON.parse(readFileSync(join(fixturesRoot, name), 'utf8')) as { _source?: string; body?: unknown; lines?: string[] };
  if (typeof file._source !== 'string') throw new Error(`fixture ${name} names no _source`);
  return (file.lines ? file.lines.join('\n') + '\n' : structuredClone(file.body)) as T;
}

/** One received request. */
export interface SeenRequest {
  method: string;
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A reply: JSON (with an ETag), text, or a handler that writes the response itself. */
export type Reply =
  | { json: unknown; status?: number; headers?: Record<string, string>; etag?: boolean }
  | { text: string; status?: number; headers?: Record<string, string> }
  | { status: number; headers?: Record<string, string>; body?: string }
  | ((req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void);

export class ReplayServer {
  readonly requests: SeenRequest[] = [];
  /** Answers sent with 304. */
  notModified = 0;
  /** Rate-limit headers sent with every answer when set; `remaining` drops on non-304 answers. */
  rateLimit: { limit: number; remaining: number; reset: number; prefix: 'x-ratelimit' | 'ratelimit' } | undefined;
  private readonly routes = new Map<string, Reply | (() => Reply)>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly base: string,
  ) {}

  static async start(): Promise<ReplayServer> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const replay = new ReplayServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => replay.handle(req, res));
    server.on('connection', (socket) => {
      replay.sockets.add(socket);
      socket.on('close', () => replay.sockets.delete(socket));
    });
    return replay;
  }

  /** Sets the answer of `METHOD /path` (query ignored); a function is asked on every request. */
  on(method: string, path: string, reply: Reply | (() => Reply)): this {
    this.routes.set(`${method} ${path}`, reply);
    return this;
  }

  count(path: string, method = 'GET'): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.base);
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const found = this.routes.get(`${req.method} ${url.pathname}`);
      const reply = typeof found === 'function' && found.length === 0 ? (found as () => Reply)() : (found);
      if (reply === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      if (typeof reply === 'function') return reply(req, res, url);
      this.send(req, res, reply);
    });
  }

  private send(req: http.IncomingMessage, res: http.ServerResponse, reply: Exclude<Reply, (...args: never[]) => void>): void {
    const headers: Record<string, string> = { ...reply.headers };
    if ('json' in reply) {
      const body = JSON.stringify(reply.json);
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (reply.etag !== false) headers.etag = etag;
      if (reply.etag !== false && req.headers['if-none-match'] === etag) {
        this.notModified++;
        return void res.writeHead(304, this.limitHeaders(headers, false)).end();
      }
      return void res.writeHead(reply.status ?? 200, this.limitHeaders({ 'content-type': 'application/json', ...headers }, true)).end(body);
    }
    if ('text' in reply) return void res.writeHead(reply.status ?? 200, this.limitHeaders({ 'content-type': 'text/plain', ...headers }, true)).end(reply.text);
    res.writeHead(reply.status, this.limitHeaders(headers, true)).end(reply.body ?? '');
  }

  private limitHeaders(headers: Record<string, string>, counts: boolean): Record<string, string> {
    if (!this.rateLimit) return headers;
    if (counts) this.rateLimit.remaining = Math.max(0, this.rateLimit.remaining - 1);
    const { prefix, limit, remaining, reset } = this.rateLimit;
    return { ...headers, [`${prefix}-limit`]: String(limit), [`${prefix}-remaining`]: String(remaining), [`${prefix}-reset`]: String(reset) };
  }
}

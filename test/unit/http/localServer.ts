import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

// A real HTTP(S) server on 127.0.0.1 for client and provider tests: records every
// request and lets each test answer as it likes.

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: RecordedRequest, response: http.ServerResponse) => void;

export class LocalServer {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    /** Every request received, in order. */
    readonly requests: RecordedRequest[],
  ) {}

  static async start(handler: Handler, tls?: { key: string; cert: string }): Promise<LocalServer> {
    const requests: RecordedRequest[] = [];
    const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        requests.push(recorded);
        handler(recorded, res);
      });
    };
    const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new LocalServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, requests);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A port on 127.0.0.1 where nothing listens: bound once, then closed. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

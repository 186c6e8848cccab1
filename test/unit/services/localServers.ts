// Real servers on 127.0.0.1 for the probe tests, closed in after hooks.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestHttpServer {
  /** http://127.0.0.1:PORT */
  base: string;
  port: number;
  /** Requests received, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** /fast, /slow?ms=N, /500, /never, /reset, /redirect-same, /redirect-other, /body. */
export async function startHttpServer(): Promise<TestHttpServer> {
  const hits = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    switch (url.pathname) {
      case '/fast':
        res.end('ok');
        return;
      case '/body':
        res.end('{"status":"healthy","db":"ok"}');
        return;
      case '/slow':
        setTimeout(() => res.end('ok'), Number(url.searchParams.get('ms') ?? 300));
        return;
      case '/500':
        res.statusCode = 500;
        res.end('broken');
        return;
      case '/never':
        return; // holds the request open until the client gives up
      case '/reset':
        req.socket.destroy();
        return;
      case '/redirect-same':
        res.writeHead(302, { location: '/fast' }).end();
        return;
      case '/redirect-other':
        res.writeHead(302, { location: 'http://elsewhere.invalid/login' }).end();
        return;
      default:
        res.statusCode = 404;
        res.end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP listener that accepts and hangs up. */
export async function startTcpListener(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.end());
  const port = await listen(server);
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port that refuses: bound once to get a free number, then closed. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * A resolver that answers as dns.lookup does for a name that does not exist, so the
 * test sends no query to the machine's DNS server (only 127.0.0.1 is ever contacted).
 */
export const notFoundLookup: net.LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname, syscall: 'getaddrinfo' });
  process.nextTick(() => callback(error, '', 4));
};

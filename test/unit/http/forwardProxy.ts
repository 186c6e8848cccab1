import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

// A real forward proxy on 127.0.0.1 for proxy tests: CONNECT tunnels for HTTPS targets,
// absolute-form requests for HTTP targets, optional Basic authentication, and a record
// of what went through it. It only ever connects to 127.0.0.1.

export interface ForwardProxyOptions {
  /** When set, requests without this exact Proxy-Authorization value get 407. */
  requireAuthorization?: string;
  /** When set, every CONNECT is answered with this status instead of a tunnel. */
  refuseConnect?: number;
}

export interface ProxiedRequest {
  /** "CONNECT" or the forwarded method. */
  method: string;
  /** host:port for CONNECT, the absolute URL otherwise. */
  target: string;
  /** The Proxy-Authorization header as received. */
  authorization: string | undefined;
  /** Every header as received: what an intercepting proxy reads of a plain-http request. */
  headers: http.IncomingHttpHeaders;
}

export class ForwardProxy {
  /** Every request the proxy received, refused ones included. */
  readonly seen: ProxiedRequest[] = [];
  /** Tunnels opened (CONNECT answered 200). */
  tunnels = 0;
  /** Absolute-form requests forwarded to their target. */
  forwarded = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  /** http://127.0.0.1:port, with user info when given. */
  url(userInfo?: string): string {
    return `http://${userInfo ? `${userInfo}@` : ''}127.0.0.1:${this.port}`;
  }

  static async start(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ForwardProxy(server, (server.address() as AddressInfo).port);
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => proxy.tunnel(req, client, head, options));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => proxy.forward(req, res, options));
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: http.IncomingMessage, options: ForwardProxyOptions): boolean {
    const authorization = req.headers['proxy-authorization'];
    this.seen.push({ method: req.method ?? '', target: req.url ?? '', authorization, headers: req.headers });
    return options.requireAuthorization === undefined || authorization === options.requireAuthorization;
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer, options: ForwardProxyOptions): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host, port] = (req.url ?? '').split(':');
    let refusal: string | undefined;
    if (!this.authorized(req, options)) refusal = '407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"';
    else if (options.refuseConnect !== undefined) refusal = `${options.refuseConnect} Refused`;
    else if (host !== '127.0.0.1') refusal = '403 Forbidden';
    if (refusal !== undefined) {
      client.end(`HTTP/1.1 ${refusal}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      this.tunnels++;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, options: ForwardProxyOptions): void {
    if (!this.authorized(req, options)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-length': '0' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    if (target.hostname !== '127.0.0.1') {
      res.writeHead(403, { 'content-length': '0' }).end();
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith('proxy-')));
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      this.forwarded++;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502, { 'content-length': '0' }).end());
    req.pipe(upstream);
  }
}

// A TCP port on 127.0.0.1 in front of the engine's unix socket, so a test can cut the
// backend's connections (a dropped event stream) or refuse them (an engine that went away)
// while the real engine keeps running, and see which requests the backend made.
import * as net from 'node:net';

export interface SocketProxy {
  port: number;
  /** First line of every request that came through ("GET /v1.41/events?… HTTP/1.1"). */
  requests: string[];
  /** Ends every open connection, as a network drop or an engine restart would. */
  drop(): void;
  /** While true, new connections are refused (ECONNREFUSED: the port is closed). */
  refuse(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startSocketProxy(socketPath: string): Promise<SocketProxy> {
  const open = new Set<net.Socket>();
  const requests: string[] = [];
  const server = net.createServer((client) => {
    const engine = net.connect({ path: socketPath });
    open.add(client).add(engine);
    let head = '';
    client.on('data', (chunk: Buffer) => {
      if (head.length < 4096 && !head.includes('\r\n')) {
        head += chunk.toString('latin1');
        if (head.includes('\r\n')) requests.push(head.slice(0, head.indexOf('\r\n')));
      }
    });
    client.pipe(engine).pipe(client);
    const end = (): void => {
      client.destroy();
      engine.destroy();
      open.delete(client);
      open.delete(engine);
    };
    client.on('error', end).on('close', end);
    engine.on('error', end).on('close', end);
  });
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const port = await listen(0);
  return {
    port,
    requests,
    drop: () => {
      for (const socket of open) socket.destroy();
    },
    refuse: async (on) => {
      if (!on) {
        await listen(port);
        return;
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { createServer, type Server, type Socket } from 'node:net';
import type { PortForward, Workload } from '../../../core/engines/engineTypes';
import { DevopsError } from '../../../core/errors';
import { loadOnDemand } from '../../../core/loadOnDemand';
import type { KubeClient } from './kubeClient';

// `kubectl port-forward` without kubectl: a listener on 127.0.0.1 (never another address:
// the pod's port must not reach the network) whose every connection becomes one stream on
// the pod's portforward subresource, through the client library's PortForward. The first
// running, healthy pod of the workload is the one forwarded to, as kubectl picks one.

/** Starts forwarding; rejects with DevopsError when no pod runs or the local port is taken. */
export async function forwardWorkloadPort(client: KubeClient, workload: Workload, remotePort: number, options: { localPort?: number }, signal: AbortSignal): Promise<PortForward> {
  if (!Number.isInteger(remotePort) || remotePort < 1 || remotePort > 65_535) throw new DevopsError('invalid-config', `a port is a whole number from 1 to 65535, not ${String(remotePort)}`);
  const namespace = workload.group?.name ?? 'default';
  const running = workload.members.filter((m) => m.state === 'running');
  const pod = running.find((m) => m.health !== 'unhealthy') ?? running[0];
  if (!pod) throw new DevopsError('not-found', `${workload.name} has no running pod to forward to`);
  const library = await loadOnDemand('Kubernetes', () => import('./kubernetesLibrary.lazy.js'));
  const errorListeners: ((message: string) => void)[] = [];
  const connections = new Set<Socket>();
  const server = createServer((connection) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
    connection.on('error', () => undefined);
    const fail = (message: string): void => {
      connection.destroy();
      for (const listener of errorListeners) listener(message.trim());
    };
    library.forwardConnection(client.session.kubeConfig, { namespace, pod: pod.name, port: remotePort }, connection, fail).catch((error: unknown) => fail(`the Kubernetes API did not open the stream: ${error instanceof Error ? error.message : String(error)}`));
  });
  await listen(server, options.localPort ?? 0, signal);
  const address = server.address();
  const localPort = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    localPort,
    member: pod.name,
    remotePort,
    onError: (listener) => void errorListeners.push(listener),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const connection of connections) connection.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DevopsError('cancelled', 'port-forward was cancelled'));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new DevopsError('conflict', `port ${port} on 127.0.0.1 is already in use: choose another local port`, { cause: error }) : new DevopsError('io', `cannot listen on 127.0.0.1:${port}: ${error.message}`, { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

import { dirname } from 'node:path';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

// @kubernetes/client-node (about 3.5 MB minified), loaded on the first use of a Kubernetes
// engine, never at activation (see core/loadOnDemand.ts). The library reads kubeconfig
// files and turns a context's user into TLS options and headers, running exec credential
// plugins and auth providers as kubectl does. Every request it authenticates, ours or its
// own (watch, logs, exec, port-forward), asks `beforeRequest` first: that is where the
// network gate and the credential-helper policy sit, so no path around them exists.
// This module stays free of DevopsError (the build refuses it here); the hooks throw it.

/** What runs before the library authenticates any request. */
export interface KubeConfigHooks {
  /** Throws to refuse the request (Restricted Mode, a credential plugin not allowed). */
  beforeRequest(target: URL): Promise<void>;
}

/** One kubeconfig file's text and where it was read, for its relative paths. */
export interface KubeConfigText {
  path: string;
  text: string;
}

/**
 * The kubeconfig the files make together, as kubectl merges a KUBECONFIG list: the first
 * file that names a cluster, user or context wins, and so does the first current-context.
 * Throws the library's Error when a file is not a valid kubeconfig.
 */
export async function loadKubeConfig(files: readonly KubeConfigText[], hooks: KubeConfigHooks): Promise<KubeConfig> {
  const library = await import('@kubernetes/client-node');
  class GatedKubeConfig extends library.KubeConfig {
    override async applyToHTTPSOptions(options: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
      await hooks.beforeRequest(this.serverUrl());
      await super.applyToHTTPSOptions(options);
    }

    override async applySecurityAuthentication(context: Parameters<KubeConfig['applySecurityAuthentication']>[0]): Promise<void> {
      await hooks.beforeRequest(new URL(context.getUrl()));
      await super.applySecurityAuthentication(context);
    }

    private serverUrl(): URL {
      const server = this.getCurrentCluster()?.server;
      if (server === undefined) throw new Error(`context "${this.getCurrentContext()}" names no cluster with a server`);
      return new URL(server);
    }
  }
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const part = new library.KubeConfig();
    part.loadFromString(file.text);
    part.makePathsAbsolute(dirname(file.path));
    for (const cluster of part.getClusters()) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of part.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of part.getContexts()) if (!contexts.has(context.name)) contexts.set(context.name, context);
    const current = part.getCurrentContext();
    if (currentContext === undefined && typeof current === 'string' && current !== '') currentContext = current;
  }
  const merged = new GatedKubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: currentContext ?? '' });
  return merged;
}

/** One forwarded connection, open. */
export interface ForwardedConnection {
  /** Ends the stream to the pod (the local connection closes with it). */
  close(): void;
}

/**
 * Forwards one local connection to `port` of a pod, as `kubectl port-forward` does for
 * each connection: one WebSocket on the pod's portforward subresource (authenticated, and
 * so gated, by the config). Resolves once the stream is open; `onError` gets the API
 * server's error text (nothing listens on that port in the pod, say).
 */
export async function forwardConnection(config: KubeConfig, target: { namespace: string; pod: string; port: number }, connection: Duplex, onError: (text: string) => void): Promise<ForwardedConnection> {
  const library = await import('@kubernetes/client-node');
  const errors = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      // The library hands on the error channel's first message, the port number, cut to nothing.
      if (chunk.length > 0) onError(chunk.toString('utf8'));
      done();
    },
  });
  const forwarder = new library.PortForward(config, true);
  // The library's WebSocket type comes from a package without types here: seen through the two calls used.
  const portForward = forwarder.portForward.bind(forwarder) as (...args: unknown[]) => Promise<unknown>;
  const socket = await portForward(target.namespace, target.pod, [target.port], connection, errors, connection);
  if (!isClosable(socket)) throw new Error('the port-forward stream did not open');
  socket.addEventListener('close', () => connection.destroy());
  connection.once('close', () => socket.close());
  return { close: () => socket.close() };
}

/** A command running in a pod on a terminal the API server allocated. */
export interface PodExec {
  /** Typed input. */
  input: Writable;
  /** Tells the API server the terminal's size. */
  resize(columns: number, rows: number): void;
  close(): void;
}

/**
 * Runs `command` in a pod with a TTY, as `kubectl exec -it` does: one WebSocket on the
 * pod's exec subresource (authenticated, and so gated, by the config). `onOutput` gets the
 * terminal's output; `onEnd` the exit code once the command ended (undefined when the
 * server gave none), called once.
 */
export async function execInPod(config: KubeConfig, target: { namespace: string; pod: string; container?: string; command: readonly string[]; columns: number; rows: number }, onOutput: (data: Buffer) => void, onEnd: (code: number | undefined) => void): Promise<PodExec> {
  const library = await import('@kubernetes/client-node');
  const input = new PassThrough();
  // The library sends resizes when the output stream has rows, columns and 'resize' events, as a TTY stream has.
  const output = Object.assign(new Writable({ write: (chunk: Buffer, _encoding, done) => (onOutput(chunk), done()) }), { rows: target.rows, columns: target.columns });
  let code: number | undefined;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd(code);
  };
  const onStatus = (status: { status?: string; details?: { causes?: { reason?: string; message?: string }[] } }): void => {
    if (status.status === 'Success') code = 0;
    const exit = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
    if (exit !== undefined && /^\d+$/.test(exit)) code = Number(exit);
  };
  const executor = new library.Exec(config);
  const exec = executor.exec.bind(executor) as (...args: unknown[]) => Promise<unknown>;
  const socket = await exec(target.namespace, target.pod, target.container ?? '', [...target.command], output, output, input, true, onStatus);
  if (!isClosable(socket)) throw new Error('the exec stream did not open');
  socket.addEventListener('close', end);
  return {
    input,
    resize: (columns, rows) => {
      Object.assign(output, { columns, rows });
      output.emit('resize');
    },
    close: () => socket.close(),
  };
}

interface ClosableSocket {
  addEventListener(type: 'close', listener: () => void): void;
  close(): void;
}

function isClosable(value: unknown): value is ClosableSocket {
  return typeof value === 'object' && value !== null && typeof (value as ClosableSocket).close === 'function' && typeof (value as ClosableSocket).addEventListener === 'function';
}

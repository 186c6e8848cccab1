import type { DockerEngineConfig } from '../config/enginesConfig';
import { isLoopbackHost } from '../credentials/credentialOrigin';
import { DevopsError } from '../errors';

// Where the Docker engine is reached: devops.yaml's `engines.docker.host`, else the user's
// DOCKER_HOST, else the local socket. devops.yaml comes with the repository, so a host it
// names on another machine is only a proposal: the caller asks the user before using it
// (the editor) or uses it because the user ran the command (the CLI). No credential,
// client certificate or registry login ever goes to an engine.

/** How the engine's HTTP API is reached. */
export type DockerEndpoint = { kind: 'unix'; socketPath: string } | { kind: 'tcp'; host: string; port: number };

/** The endpoint with where it came from. */
export interface ResolvedDockerEndpoint {
  endpoint: DockerEndpoint;
  /** Who chose it: the repository's devops.yaml, the user's environment, or the product's default. */
  from: 'devops.yaml' | 'DOCKER_HOST' | 'default';
  /** The address as written, for messages and consent prompts. */
  address: string;
  /** True when devops.yaml names a host on another machine: use it only with the user's consent. */
  needsConsent: boolean;
}

/** The local socket the Docker packages create. */
export const defaultDockerSocket = '/var/run/docker.sock';

/** The variables of the user's environment that choose the engine. */
export interface DockerEnvironment {
  DOCKER_HOST?: string;
  DOCKER_TLS_VERIFY?: string;
}

/**
 * The engine of `engines.docker`. Throws DevopsError('invalid-config') for an address this
 * client cannot speak to: ssh://, npipe://, or a TLS engine (DOCKER_TLS_VERIFY), which would
 * need the user's client certificate, never sent by this product.
 */
export function resolveDockerEndpoint(config: DockerEngineConfig, env: DockerEnvironment): ResolvedDockerEndpoint {
  if (config.host !== undefined) {
    const endpoint = parseDockerHost(config.host, 'engines.docker.host in devops.yaml');
    return { endpoint, from: 'devops.yaml', address: config.host, needsConsent: endpoint.kind === 'tcp' && !isLoopbackHost(endpoint.host) };
  }
  const fromEnv = env.DOCKER_HOST?.trim();
  if (fromEnv) {
    const endpoint = parseDockerHost(fromEnv, 'DOCKER_HOST');
    if (endpoint.kind === 'tcp' && env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '') {
      throw new DevopsError('invalid-config', `DOCKER_HOST ${fromEnv} needs TLS (DOCKER_TLS_VERIFY is set); DevOps Loop reaches Docker engines over a local socket or plain tcp:// only, and sends no client certificate`);
    }
    return { endpoint, from: 'DOCKER_HOST', address: fromEnv, needsConsent: false };
  }
  return { endpoint: { kind: 'unix', socketPath: defaultDockerSocket }, from: 'default', address: `unix://${defaultDockerSocket}`, needsConsent: false };
}

/**
 * unix:///path or tcp://host:port as an endpoint, or undefined. Does not throw: the devops.yaml
 * checks use it, and they run in the on-demand scaffold bundle too, which must not carry a
 * second DevopsError class.
 */
export function dockerHostEndpoint(address: string): DockerEndpoint | undefined {
  const unix = /^unix:\/\/(\/[^?#]+)$/.exec(address);
  if (unix) return { kind: 'unix', socketPath: unix[1] };
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(address);
  const port = Number(tcp?.[2]);
  if (tcp && port >= 1 && port <= 65535) return { kind: 'tcp', host: tcp[1].replace(/^\[|\]$/g, ''), port };
  return undefined;
}

/** unix:///path or tcp://host:port as an endpoint; `what` names the setting in the error. */
export function parseDockerHost(address: string, what: string): DockerEndpoint {
  const endpoint = dockerHostEndpoint(address);
  if (endpoint) return endpoint;
  throw new DevopsError('invalid-config', `${what} is "${address}": DevOps Loop reaches a Docker engine at unix:///path/to/docker.sock or tcp://host:port`);
}

/** The endpoint as the network gate sees it: where a connection is opened. */
export function dockerEndpointUrl(endpoint: DockerEndpoint): URL {
  if (endpoint.kind === 'unix') return new URL(`unix://${endpoint.socketPath}`);
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return new URL(`http://${host}:${endpoint.port}/`);
}

/** The endpoint in the form users write it. */
export function dockerEndpointText(endpoint: DockerEndpoint): string {
  if (endpoint.kind === 'unix') return `unix://${endpoint.socketPath}`;
  return `tcp://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}

import type { EnginesConfig } from '../../core/config/enginesConfig';
import { resolveDockerEndpoint } from '../../core/engines/dockerEndpoint';
import { DevopsError } from '../../core/errors';
import type { NetworkGate, SecretStore } from '../../core/ports';
import { DockerClient } from '../engines/docker/dockerClient';
import { DockerTransport } from '../engines/docker/dockerTransport';

// The Docker engine image releases and engine deploys talk to. A push hands the engine the
// registry's login, so only an engine the user chose is used here: the local socket, the
// user's DOCKER_HOST, or an address of devops.yaml on this machine. A remote engine named
// by devops.yaml is refused (the live views may still read from it with consent).

export interface EngineAccess {
  /** The engine's client, made on first use; throws DevopsError (forbidden, invalid-config) when none may be used. */
  docker(): DockerClient;
  /** Where registry logins are kept (the editor's SecretStorage); absent in the CLI. */
  secrets?: SecretStore;
  /** The user's environment: DOCKER_HOST, DOCKER_CONFIG, HOME. */
  env: NodeJS.ProcessEnv;
}

export function createEngineAccess(engines: EnginesConfig | undefined, options: { network: NetworkGate; env: NodeJS.ProcessEnv; secrets?: SecretStore }): EngineAccess {
  let client: DockerClient | undefined;
  return {
    env: options.env,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    docker() {
      if (client) return client;
      const resolved = resolveDockerEndpoint(engines?.docker ?? {}, options.env);
      if (resolved.needsConsent) {
        throw new DevopsError('forbidden', `devops.yaml points the Docker engine at ${resolved.address}, another machine; image releases and engine deploys use this machine's engine or your DOCKER_HOST only`);
      }
      client = new DockerClient(new DockerTransport({ endpoint: resolved.endpoint, network: options.network }));
      return client;
    },
  };
}

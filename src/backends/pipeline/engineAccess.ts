import type { EnginesConfig } from '../../core/config/enginesConfig';
import { resolveDockerEndpoint } from '../../core/engines/dockerEndpoint';
import { DevopsError } from '../../core/errors';
import type { SecretStore } from '../../core/ports';
import { DockerClient } from '../engines/docker/dockerClient';
import { DockerTransport } from '../engines/docker/dockerTransport';
import type { KubeClient } from '../engines/kubernetes/kubeClient';
import { openKubeClient, type KubeAccessOptions } from './kubernetes/kubeAccess';

// The Docker engine image releases and engine deploys talk to. A push hands the engine the
// registry's login, so only an engine the user chose is used here: the local socket, the
// user's DOCKER_HOST, or an address of devops.yaml on this machine. A remote engine named
// by devops.yaml is refused (the live views may still read from it with consent).
// Kubernetes targets go through a context of the user's kubeconfig, opened as the engines
// code opens one (kubernetes/kubeAccess.ts).

export interface EngineAccess {
  /** The engine's client, made on first use; throws DevopsError (forbidden, invalid-config) when none may be used. */
  docker(): DockerClient;
  /** A client on the kubeconfig context `context` (default: the current one), opened once per context; rejects with DevopsError. */
  kubernetes(context: string | undefined): Promise<KubeClient>;
  /** Where registry logins are kept (the editor's SecretStorage); absent in the CLI. */
  secrets?: SecretStore;
  /** The user's environment: DOCKER_HOST, DOCKER_CONFIG, HOME. */
  env: NodeJS.ProcessEnv;
}

export interface EngineAccessOptions extends KubeAccessOptions {
  secrets?: SecretStore;
}

export function createEngineAccess(engines: EnginesConfig | undefined, options: EngineAccessOptions): EngineAccess {
  let client: DockerClient | undefined;
  const kubeClients = new Map<string, Promise<KubeClient>>();
  return {
    kubernetes(context) {
      const key = context ?? '';
      let opened = kubeClients.get(key);
      if (!opened) {
        opened = openKubeClient(engines?.kubernetes, context, options);
        kubeClients.set(key, opened);
        // A failed open (no kubeconfig yet, refused) is tried again on the next use.
        opened.catch(() => kubeClients.delete(key));
      }
      return opened;
    },
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

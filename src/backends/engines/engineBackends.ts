import type { EnginesConfig } from '../../core/config/enginesConfig';
import { resolveDockerEndpoint, type ResolvedDockerEndpoint } from '../../core/engines/dockerEndpoint';
import type { EngineBackend } from '../../core/engines/engineTypes';
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import { createDockerBackend } from './docker/dockerBackend';
import type { CredentialHelperPolicy } from './kubernetes/credentialHelper';
import { KubernetesBackend } from './kubernetes/kubernetesBackend';

// The backends of devops.yaml's `engines`, one per entry. An engine address from
// devops.yaml on another machine is used only when `allowRemote` says so: the editor asks
// the user, the CLI allows it because the user ran the command on that file. The same
// goes for a kubeconfig's credential plugins (allowCredentialHelper).
// Load this module on demand (see scripts/build.mjs, *.lazy.ts): nothing here is needed
// to activate the extension.

export interface EngineBackendsOptions {
  network: NetworkGate;
  /** The user's environment (DOCKER_HOST, DOCKER_TLS_VERIFY, KUBECONFIG, HOME). */
  env: NodeJS.ProcessEnv;
  /** True when the user allowed connecting to this engine address from devops.yaml. */
  allowRemote: (resolved: ResolvedDockerEndpoint) => boolean;
  /** Folder of devops.yaml: a `kubeconfig:` it names is resolved inside it. */
  workspace?: string;
  /** Whether a kubeconfig's credential plugin may run; default: refuse. */
  allowCredentialHelper?: CredentialHelperPolicy;
}

/** An engine that is configured but cannot be used, and why (a user-facing sentence). */
export interface EngineRefusal {
  engine: 'docker' | 'kubernetes';
  reason: 'invalid-config' | 'no-consent';
  message: string;
  /** The address that needs consent, for a prompt. */
  address?: string;
}

export function createEngineBackends(engines: EnginesConfig | undefined, options: EngineBackendsOptions): { backends: EngineBackend[]; refused: EngineRefusal[] } {
  const backends: EngineBackend[] = [];
  const refused: EngineRefusal[] = [];
  if (engines?.docker) {
    try {
      const resolved = resolveDockerEndpoint(engines.docker, options.env);
      if (resolved.needsConsent && !options.allowRemote(resolved)) {
        refused.push({ engine: 'docker', reason: 'no-consent', address: resolved.address, message: `devops.yaml points the Docker engine at ${resolved.address}, another machine; allow that host to connect to it` });
      } else {
        backends.push(createDockerBackend({ endpoint: resolved.endpoint, network: options.network }));
      }
    } catch (error) {
      if (!DevopsError.is(error, 'invalid-config')) throw error;
      refused.push({ engine: 'docker', reason: 'invalid-config', message: error.message });
    }
  }
  if (engines?.kubernetes) {
    // The kubeconfig is read on the first watch: a missing file or unknown context becomes an error snapshot.
    backends.push(new KubernetesBackend({ config: engines.kubernetes, workspace: options.workspace, network: options.network, allowCredentialHelper: options.allowCredentialHelper, env: options.env }));
  }
  return { backends, refused };
}

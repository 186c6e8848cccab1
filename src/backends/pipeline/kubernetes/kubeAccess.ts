import type { KubernetesEngineConfig } from '../../../core/config/kubernetesEngineConfig';
import { DevopsError } from '../../../core/errors';
import { KubeClient } from '../../engines/kubernetes/kubeClient';
import { openKubeSession } from '../../engines/kubernetes/kubeSession';
import type { CredentialHelperPolicy } from '../../engines/kubernetes/credentialHelper';
import type { NetworkGate } from '../../../core/ports';

// The cluster a Kubernetes target deploys to: a context of the user's kubeconfig, opened
// exactly as the live engines open one (openKubeSession: network gate, no credentials over
// plain http, credential plugins only as allowed). devops.yaml names only the context; a
// kubeconfig inside the workspace (engines.kubernetes.kubeconfig) is used only in a
// trusted workspace, since it chooses the server the deploy talks to.

/** What opening a deploy's cluster needs from the caller. */
export interface KubeAccessOptions {
  network: NetworkGate;
  env: NodeJS.ProcessEnv;
  /** Folder of devops.yaml: a workspace kubeconfig (engines.kubernetes.kubeconfig) is read only with it and trust. */
  workspace?: string;
  isTrusted?: () => boolean;
  /** Whether a kubeconfig's credential plugin may run; default: refuse. */
  allowCredentialHelper?: CredentialHelperPolicy;
}

export async function openKubeClient(engine: KubernetesEngineConfig | undefined, context: string | undefined, options: KubeAccessOptions): Promise<KubeClient> {
  const kubeconfig = engine?.kubeconfig;
  if (kubeconfig !== undefined && !(options.isTrusted?.() ?? false)) {
    throw new DevopsError('untrusted', `engines.kubernetes.kubeconfig (${kubeconfig}) is in the workspace; Kubernetes deploys use it only in a trusted workspace`);
  }
  const config: KubernetesEngineConfig = { ...(context !== undefined ? { context } : {}), ...(kubeconfig !== undefined ? { kubeconfig } : {}) };
  const session = await openKubeSession({
    config,
    network: options.network,
    env: options.env,
    ...(options.workspace !== undefined ? { workspace: options.workspace } : {}),
    ...(options.allowCredentialHelper ? { allowCredentialHelper: options.allowCredentialHelper } : {}),
  });
  return new KubeClient(session);
}

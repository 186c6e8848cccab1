import type { KubernetesEngineConfig } from '../../../core/config/kubernetesEngineConfig';
import { DevopsError } from '../../../core/errors';
import { KubeClient } from '../../engines/kubernetes/kubeClient';
import { openKubeSession } from '../../engines/kubernetes/kubeSession';
import type { EngineAccessOptions } from '../engineAccess';

// The cluster a Kubernetes target deploys to: a context of the user's kubeconfig, opened
// exactly as the live engines open one (openKubeSession: network gate, no credentials over
// plain http, credential plugins only as allowed). devops.yaml names only the context; a
// kubeconfig inside the workspace (engines.kubernetes.kubeconfig) is used only in a
// trusted workspace, since it chooses the server the deploy talks to.

export async function openKubeClient(engine: KubernetesEngineConfig | undefined, context: string | undefined, options: EngineAccessOptions): Promise<KubeClient> {
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

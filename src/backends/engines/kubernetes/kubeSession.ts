import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig, User } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { readFileCapped } from '../../../core/boundedRead';
import type { KubernetesEngineConfig } from '../../../core/config/kubernetesEngineConfig';
import { assertCarriesCredentials } from '../../../core/credentials/credentialOrigin';
import { DevopsError } from '../../../core/errors';
import { loadOnDemand } from '../../../core/loadOnDemand';
import type { NetworkGate } from '../../../core/ports';
import { resolveInWorkspace } from '../../../core/workspacePath';
import { credentialHelperOf, helperRefused, refuseCredentialHelpers } from './credentialHelper';
import type { CredentialHelper, CredentialHelperPolicy } from './credentialHelper';

// Which cluster, as whom, in which namespaces: the kubeconfig read and one context chosen,
// with typed errors for what users get wrong (no kubeconfig, a context that is not in it).
// The session's KubeConfig passes every request through the network gate, the credential
// rule (no credentials over plain http) and the credential-helper policy.

/** Where a session comes from and what it may do. */
export interface KubeSessionOptions {
  /** `engines.kubernetes` of devops.yaml. */
  config: KubernetesEngineConfig;
  /** Folder of devops.yaml; a `kubeconfig:` there is resolved inside it. */
  workspace?: string;
  /** Asked before every connection: refuses in Restricted Mode. */
  network: NetworkGate;
  /** Asked before a context's credential plugin or auth provider may run; default: refuse. */
  allowCredentialHelper?: CredentialHelperPolicy;
  /** KUBECONFIG and HOME as the CLI or editor sees them; default: this process's. */
  env?: NodeJS.ProcessEnv;
}

/** One context of a kubeconfig, ready for requests. */
export interface KubeSession {
  /** The context's name. */
  readonly context: string;
  /** Namespaces watched: devops.yaml's, else the context's, else "default". */
  readonly namespaces: readonly string[];
  /** The API server. */
  readonly server: URL;
  /** The library's config; authenticating a request through it passes the gate and the policy. */
  readonly kubeConfig: KubeConfig;
  /** The helper the context's user runs, if any. */
  readonly credentialHelper: CredentialHelper | undefined;
}

const maxKubeconfigBytes = 4 * 1024 * 1024;

/** Reads the kubeconfig and chooses the context; throws DevopsError ('not-found', 'invalid-config', 'forbidden', 'io'). */
export async function openKubeSession(options: KubeSessionOptions): Promise<KubeSession> {
  const { files, source } = await locateKubeconfig(options);
  const texts = await Promise.all(files.map(async (path) => ({ path, text: (await readFileCapped(path, maxKubeconfigBytes, 'the kubeconfig')).toString('utf8') })));
  const library = await loadOnDemand('Kubernetes', () => import('./kubernetesLibrary.lazy.js'));
  // Filled in once the context is chosen; the hook runs only for requests, after that.
  const chosen: { helper?: CredentialHelper; user?: User; approval?: Promise<boolean> } = {};
  const policy = options.allowCredentialHelper ?? refuseCredentialHelpers;
  const hooks = {
    beforeRequest: async (target: URL): Promise<void> => {
      options.network.open(target);
      if (chosen.user !== undefined) assertCarriesCredentials(target);
      const helper = chosen.helper;
      if (helper === undefined) return;
      // Asked once per session, by every request at once: a yes holds until the session ends
      // (devops.yaml or trust changed); after a no, a later retry asks again.
      chosen.approval ??= policy(helper, new AbortController().signal).then(
        (allowed) => {
          if (!allowed) chosen.approval = undefined;
          return allowed;
        },
        (error: unknown) => {
          chosen.approval = undefined;
          throw error;
        },
      );
      if (!(await chosen.approval)) throw helperRefused(helper);
    },
  };
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = await library.loadKubeConfig(texts, hooks);
  } catch (error) {
    if (DevopsError.is(error)) throw error;
    throw new DevopsError('invalid-config', `${files.join(', ')} is not a valid kubeconfig: ${firstLine(error)}`, { cause: error });
  }
  const name = options.config.context ?? kubeConfig.getCurrentContext();
  const known = kubeConfig.getContexts().map((c) => c.name);
  if (!name) throw new DevopsError('invalid-config', `${files.join(', ')} sets no current-context; name one with engines.kubernetes.context (contexts: ${known.join(', ') || 'none'})`);
  const context = kubeConfig.getContextObject(name);
  if (context === null) throw new DevopsError('invalid-config', `the kubeconfig ${files.join(', ')} has no context "${name}" (it has: ${known.join(', ') || 'none'})`);
  kubeConfig.setCurrentContext(name);
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null || !cluster.server) throw new DevopsError('invalid-config', `context "${name}" names cluster "${context.cluster}", which the kubeconfig does not define with a server`);
  const user = kubeConfig.getCurrentUser() ?? undefined;
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch (error) {
    throw new DevopsError('invalid-config', `cluster "${cluster.name}" has a server that is not a URL: ${cluster.server}`, { cause: error });
  }
  if (source === 'workspace' && options.workspace !== undefined) await checkWorkspacePaths(options.workspace, cluster.caFile, user);
  const helper = user && credentialHelperOf(user, { context: name, source, kubeconfig: files[0] ?? '' });
  Object.assign(chosen, { user, helper });
  const namespaces = options.config.namespaces ?? [context.namespace ?? 'default'];
  return { context: name, namespaces, server, kubeConfig, credentialHelper: helper };
}

/** The kubeconfig files to read: devops.yaml's (inside the workspace), else KUBECONFIG's existing ones, else ~/.kube/config. */
async function locateKubeconfig(options: KubeSessionOptions): Promise<{ files: string[]; source: CredentialHelper['source'] }> {
  const env = options.env ?? process.env;
  if (options.config.kubeconfig !== undefined) {
    if (options.workspace === undefined) throw new DevopsError('invalid-config', 'engines.kubernetes.kubeconfig needs the folder of devops.yaml');
    const file = await resolveInWorkspace(options.workspace, options.config.kubeconfig, 'engines.kubernetes.kubeconfig');
    return { files: [file], source: 'workspace' };
  }
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p.trim() !== '');
  if (listed.length > 0) {
    // kubectl skips the files of the list that do not exist; so does this.
    const present = (await Promise.all(listed.map(async (p) => ((await exists(p)) ? p : undefined)))).filter((p): p is string => p !== undefined);
    if (present.length === 0) throw new DevopsError('not-found', `no kubeconfig: none of the files KUBECONFIG lists exists (${listed.join(', ')})`);
    return { files: present, source: 'user' };
  }
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const file = join(home, '.kube', 'config');
  if (!(await exists(file))) throw new DevopsError('not-found', `no kubeconfig: KUBECONFIG is not set and ${file} does not exist; create one (kubectl config, your cloud's CLI) or name a context's file`);
  return { files: [file], source: 'user' };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A workspace kubeconfig may not read files elsewhere on the machine and send them to a server it chose. */
async function checkWorkspacePaths(workspace: string, caFile: string | undefined, user: User | undefined): Promise<void> {
  const tokenFile = (user?.authProvider as { config?: { tokenFile?: unknown } } | undefined)?.config?.tokenFile;
  const named: [string, unknown][] = [
    ['certificate-authority', caFile],
    ['client-certificate', user?.certFile],
    ['client-key', user?.keyFile],
    ['tokenFile', tokenFile],
  ];
  for (const [what, path] of named) if (typeof path === 'string' && path !== '') await resolveInWorkspace(workspace, path, `the workspace kubeconfig's ${what}`);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

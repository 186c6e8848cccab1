import type { User } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { DevopsError } from '../../../core/errors';

// A kubeconfig user may get its credentials by running a program: an exec credential
// plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`) or a legacy auth
// provider (gcp's cmd-path, azure, oidc refresh). The library starts those itself, outside
// the product's process runner, so the backend asks a policy first and refuses the whole
// context until it says yes. The editor's policy allows it only in a trusted workspace and
// after the user approved that exact command; the CLI's allows it (the user ran the CLI
// in their own shell, as they would run kubectl). Without a policy nothing is allowed.

/** A program a kubeconfig user runs to get credentials, as the policy is asked about it. */
export interface CredentialHelper {
  /** An exec credential plugin, or a legacy auth provider (which may run a command or reach an identity provider). */
  kind: 'exec' | 'auth-provider';
  /** The command the plugin runs (exec), or the auth provider's name. */
  command: string;
  /** Arguments of the exec plugin. */
  args: string[];
  /** Variables the exec plugin sets for the command. */
  env: Record<string, string>;
  /** The kubeconfig context and user it belongs to. */
  context: string;
  user: string;
  /** Whose kubeconfig names it: the user's own (KUBECONFIG, ~/.kube/config) or a file in the workspace that devops.yaml points at. */
  source: 'user' | 'workspace';
  /** The kubeconfig file that names it, absolute. */
  kubeconfig: string;
}

/** Says whether the helper may run; asked before the first request of a context that has one. */
export type CredentialHelperPolicy = (helper: CredentialHelper, signal: AbortSignal) => Promise<boolean>;

/** The CLI's policy: the user started it in their own shell, naming the context, as they would run kubectl. */
export const allowCredentialHelpers: CredentialHelperPolicy = () => Promise.resolve(true);

/** The default: no credential helper runs unless someone decided it may. */
export const refuseCredentialHelpers: CredentialHelperPolicy = () => Promise.resolve(false);

interface ExecSection {
  command?: unknown;
  args?: unknown;
  env?: unknown;
}

/** The helper `user` runs, or undefined when its credentials are plain data (token, certificate, basic). */
export function credentialHelperOf(user: User, where: Pick<CredentialHelper, 'context' | 'source' | 'kubeconfig'>): CredentialHelper | undefined {
  const provider = user.authProvider as { name?: unknown; config?: { exec?: ExecSection } } | undefined;
  const exec = (user.exec as ExecSection | undefined) ?? provider?.config?.exec;
  if (exec !== undefined) {
    const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
    const env = Array.isArray(exec.env) ? Object.fromEntries((exec.env as { name?: unknown; value?: unknown }[]).map((e) => [String(e.name), String(e.value)])) : {};
    return { kind: 'exec', command: typeof exec.command === 'string' ? exec.command : '', args, env, user: user.name, ...where };
  }
  if (provider !== undefined) return { kind: 'auth-provider', command: typeof provider.name === 'string' ? provider.name : 'unknown', args: [], env: {}, user: user.name, ...where };
  return undefined;
}

/** The refusal shown when the policy said no. */
export function helperRefused(helper: CredentialHelper): DevopsError {
  const what = helper.kind === 'exec' ? `runs the credential plugin "${[helper.command, ...helper.args].join(' ')}"` : `uses the "${helper.command}" auth provider`;
  const where = helper.source === 'workspace' ? `the workspace kubeconfig ${helper.kubeconfig}` : `your kubeconfig ${helper.kubeconfig}`;
  // Says how to approve: the one dialog of the editor, asked again at the next use after a no.
  return new DevopsError('not-approved', `Kubernetes context "${helper.context}" ${what} (user "${helper.user}" in ${where}). DevOps Loop starts it only in a trusted workspace once you approve it: trust this folder if it is in Restricted Mode, then try again (Refresh, the deploy or rollback) and choose "Allow" when asked to run the credential plugin of context ${helper.context}.`);
}

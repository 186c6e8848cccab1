import type { CiEntryConfig } from '../core/config/ciConfig';
import type { PlanConfig } from '../core/config/schema';
import { credentialOrigin, githubDotComApi } from '../core/credentials/credentialOrigin';
import type { CredentialKind } from '../core/credentials/credentialOrigin';
import { gitlabApiBase } from './http/gitlabApiBase';

// The origin each configured backend sends its requests to, with each backend's own
// default, so that "is there a credential for this entry?" asks about the same origin
// the HTTP client will later ask for (it passes its base origin to the token source).

/** The origin of a server's API given devops.yaml's baseUrl; throws DevopsError('invalid-config') for one that is not an http(s) URL. */
export function apiOrigin(kind: CredentialKind, baseUrl: string | undefined): string {
  switch (kind) {
    case 'github':
      return credentialOrigin(baseUrl ?? githubDotComApi);
    case 'gitlab':
      return credentialOrigin(gitlabApiBase(baseUrl));
    case 'jira':
    case 'jenkins':
      return credentialOrigin(baseUrl ?? '');
  }
}

/** The origin of a devops.yaml CI entry's API. */
export function ciApiOrigin(entry: CiEntryConfig): string {
  return apiOrigin(entry.provider, entry.baseUrl);
}

/** The origin of a remote plan's API; undefined for the sprint file, which needs none. */
export function planApiOrigin(plan: PlanConfig): string | undefined {
  return plan.provider === 'file' ? undefined : apiOrigin(plan.provider, plan.baseUrl);
}

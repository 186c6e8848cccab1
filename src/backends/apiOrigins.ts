import type { CiEntryConfig } from '../core/config/ciConfig';
import type { PlanConfig } from '../core/config/schema';
import { credentialOrigin, githubDotComApi } from '../core/credentials/credentialOrigin';
import { gitlabApiBase } from './http/gitlabApiBase';

// The origin each configured backend sends its requests to, with each backend's own
// default, so that "is there a credential for this entry?" asks about the same origin
// the HTTP client will later ask for (it passes its base origin to the token source).

/** The origin of a devops.yaml CI entry's API; throws DevopsError('invalid-config') for a base that is not an http(s) URL. */
export function ciApiOrigin(entry: CiEntryConfig): string {
  switch (entry.provider) {
    case 'github':
      return credentialOrigin(entry.baseUrl ?? githubDotComApi);
    case 'gitlab':
      return credentialOrigin(gitlabApiBase(entry.baseUrl));
    case 'jenkins':
      return credentialOrigin(entry.baseUrl ?? '');
  }
}

/** The origin of a remote plan's API; undefined for the sprint file, which needs none. */
export function planApiOrigin(plan: PlanConfig): string | undefined {
  switch (plan.provider) {
    case 'file':
      return undefined;
    case 'github':
      return credentialOrigin(plan.baseUrl ?? githubDotComApi);
    case 'gitlab':
      return credentialOrigin(gitlabApiBase(plan.baseUrl));
    case 'jira':
      return credentialOrigin(plan.baseUrl ?? '');
  }
}

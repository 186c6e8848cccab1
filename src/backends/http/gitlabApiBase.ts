// GitLab's REST root, shared by the CI and plan providers: devops.yaml names the server
// (https://HOST, or https://HOST/gitlab under a relative URL root) or its API (…/api/v4).

/** gitlab.com's API, used when no base URL is given. */
export const gitlabDefaultApiBase = 'https://gitlab.com/api/v4';

/** The REST API root of a GitLab base URL; both the server and its /api/v4 URL name the same API. */
export function gitlabApiBase(baseUrl: string | undefined): string {
  if (baseUrl === undefined || baseUrl.trim() === '') return gitlabDefaultApiBase;
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  return /\/api\/v4$/i.test(trimmed) ? trimmed : `${trimmed}/api/v4`;
}

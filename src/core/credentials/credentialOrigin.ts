import { DevopsError } from '../errors';

// Where a credential may go. A secret belongs to exactly one origin (scheme + host +
// port) and is stored and looked up under that origin only, so a devops.yaml that names
// another host names a place no secret is kept for. Plain http carries none, except to
// this machine. Every part of the product asks here; nothing else builds secret keys.

/** What a stored secret is: its kind decides its shape (a token, or user and token). */
export type CredentialKind = 'github' | 'gitlab' | 'jira' | 'jenkins';

/** github.com's API: the only origin the editor's `github` sign-in is handed to. */
export const githubDotComApi = 'https://api.github.com';

/**
 * The origin of a URL as secrets are keyed: lower-case scheme and host, default port
 * left out, path dropped, so https://GitLab.example:443/api/v4 and https://gitlab.example
 * are one origin and http:// or another port are not. Only http and https have one.
 */
export function credentialOrigin(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url.trim()) : url;
  } catch {
    throw new DevopsError('invalid-config', `"${String(url)}" is not a URL like https://host`);
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.hostname === '') {
    throw new DevopsError('invalid-config', `${parsed.protocol}// is not a server address; use https://host`);
  }
  // WHATWG URL already lower-cases the host and drops a default port.
  return parsed.origin;
}

/** SecretStorage key of one kind of credential for one origin. */
export function credentialKey(kind: CredentialKind, origin: string): string {
  return `devops.credentials/${kind}/${credentialOrigin(origin)}`;
}

/** True for this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True when credentials may travel to this origin: https anywhere, http only to loopback. */
export function carriesCredentials(url: string | URL): boolean {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/** Throws DevopsError('insecure') naming the origin when credentials may not travel there. */
export function assertCarriesCredentials(url: string | URL): void {
  if (carriesCredentials(url)) return;
  const origin = credentialOrigin(url);
  throw new DevopsError('insecure', `Refused to send credentials to ${origin}: plain http is not encrypted. Use https:// (only this machine may be reached over http with credentials).`);
}

/**
 * Which editor sign-in may be handed to an origin: VS Code's `github` session to
 * api.github.com only, its `github-enterprise` session only to the server the user set in
 * their own settings (github-enterprise.uri); any other origin gets neither.
 */
export function githubSessionFor(origin: string, enterpriseUri: string | undefined): 'github' | 'github-enterprise' | undefined {
  const target = credentialOrigin(origin);
  if (target === githubDotComApi) return 'github';
  if (enterpriseUri === undefined || enterpriseUri.trim() === '') return undefined;
  let enterprise: string;
  try {
    enterprise = credentialOrigin(enterpriseUri);
  } catch {
    return undefined;
  }
  // An Enterprise session is an https credential; a server set as http:// gets none.
  if (!target.startsWith('https:')) return undefined;
  // Enterprise Server serves its API at https://HOST/api/v3; GHE.com at https://api.HOST.
  const host = new URL(enterprise).host;
  const cloudApi = host.endsWith('.ghe.com') ? `https://api.${host}` : undefined;
  return target === enterprise || target === cloudApi ? 'github-enterprise' : undefined;
}

/**
 * SecretStorage key of a container registry's login (JSON: username and password) for
 * exactly one registry origin; an image push looks it up by its own registry only.
 */
export function registryCredentialKey(origin: string): string {
  return `devops.credentials/registry/${credentialOrigin(origin)}`;
}

import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileCapped } from '../../../core/boundedRead';
import { isLoopbackHost, registryCredentialKey } from '../../../core/credentials/credentialOrigin';
import type { SecretStore } from '../../../core/ports';

// The login a push sends to its registry: from SecretStorage under that registry's exact
// origin, else from the user's Docker config (`auths`, the entry for that exact host and
// port). devops.yaml only names the image; it cannot choose which credential goes where,
// and a credential for one host is never offered to another.

export interface RegistryLogin {
  username?: string;
  password?: string;
  identitytoken?: string;
  /** Where it was found, for the log (never the secret). */
  source: string;
}

/** The registry host of an image repository, as docker names it (docker.io for bare names). */
export function registryHost(repository: string): string {
  const first = repository.split('/')[0] ?? '';
  const isHost = repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first.toLowerCase() : 'docker.io';
}

/** The origin a registry's login is stored under: http only for this machine, as the engine speaks to it. */
export function registryOrigin(host: string): string {
  const name = host.replace(/:\d+$/, '');
  return `${isLoopbackHost(name) ? 'http' : 'https'}://${host === 'docker.io' ? 'index.docker.io' : host}`;
}

export async function findRegistryLogin(host: string, options: { secrets?: SecretStore; env: NodeJS.ProcessEnv }): Promise<RegistryLogin | undefined> {
  const origin = registryOrigin(host);
  const stored = await options.secrets?.get(registryCredentialKey(origin));
  if (stored !== undefined) {
    const login = parseLogin(stored);
    if (login) return { ...login, source: `the login stored for ${origin}` };
  }
  return dockerConfigLogin(host, options.env);
}

/**
 * The X-Registry-Auth header: base64url JSON; "{}" when there is no login (the engine wants
 * the header). Padded: engines before 23.0 decode it with Go's padded URL alphabet and, when
 * the last quantum lacks its '=', drop the whole login without a word ("no basic auth credentials").
 */
export function registryAuthHeader(host: string, login: RegistryLogin | undefined): string {
  const { source: _source, ...fields } = login ?? { source: '' };
  const body = login ? { ...fields, serveraddress: host } : {};
  return Buffer.from(JSON.stringify(body)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

function parseLogin(text: string): Omit<RegistryLogin, 'source'> | undefined {
  try {
    const data = JSON.parse(text) as { username?: unknown; password?: unknown };
    if (typeof data.username === 'string' && typeof data.password === 'string') return { username: data.username, password: data.password };
  } catch {
    // Not JSON: not a login this product stored.
  }
  return undefined;
}

async function dockerConfigLogin(host: string, env: NodeJS.ProcessEnv): Promise<RegistryLogin | undefined> {
  const file = env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(env.HOME ?? homedir(), '.docker', 'config.json');
  let config: { auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown }> };
  try {
    config = JSON.parse((await readFileCapped(file, 1024 * 1024, 'the Docker config')).toString('utf8')) as typeof config;
  } catch {
    return undefined;
  }
  const wanted = host === 'docker.io' ? 'index.docker.io' : host;
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (authKeyHost(key) !== wanted || typeof entry !== 'object' || entry === null) continue;
    const source = `${file} (auths."${key}")`;
    if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') return { identitytoken: entry.identitytoken, source };
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password, source };
  }
  return undefined;
}

// Keys are written "host:port", "https://host:port" or "https://index.docker.io/v1/".
function authKeyHost(key: string): string {
  return key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

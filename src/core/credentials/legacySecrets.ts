import type { SecretStore } from '../ports';
import { carriesCredentials, credentialKey, credentialOrigin } from './credentialOrigin';
import type { CredentialKind } from './credentialOrigin';

// Secrets kept before they were keyed by origin. The plan's GitLab and Jira secrets sat
// under one fixed key each, handed to whatever server devops.yaml named: they cannot be
// told apart by server, so they are deleted, never sent anywhere, and the user signs in
// again. The CI's GitLab and Jenkins secrets were keyed by the exact baseUrl the user
// was shown when typing them: those move to that URL's origin.

/** Fixed keys of earlier versions, and what each held. */
const fixedKeys: readonly { key: string; what: string }[] = [
  { key: 'devops-loop.gitlab.token', what: 'GitLab token' },
  { key: 'devops-loop.jira.email', what: 'Jira credentials' },
  { key: 'devops-loop.jira.token', what: 'Jira credentials' },
  { key: 'devops.ci.github.token', what: 'GitHub test token' },
];

/** A devops.yaml CI entry as far as its old key went: the provider and its baseUrl as written. */
export interface LegacyCiEntry {
  /** Which engine. */
  provider: string;
  /** The baseUrl as written in devops.yaml, undefined for the engine's default. */
  baseUrl?: string;
}

/** Deletes the fixed-key secrets; returns what they held (each once), for telling the user to sign in again. */
export async function deleteFixedKeySecrets(secrets: SecretStore): Promise<string[]> {
  const removed = new Set<string>();
  for (const { key, what } of fixedKeys) {
    if ((await secrets.get(key)) === undefined) continue;
    await secrets.delete(key);
    removed.add(what);
  }
  return [...removed];
}

/**
 * Moves the CI secret of an entry from its baseUrl key to its origin key, unless one is
 * there already or the origin may carry no credentials (plain http elsewhere than this
 * machine: deleted). `apiOrigin` is where the entry's requests go.
 */
export async function adoptCiSecret(secrets: SecretStore, entry: LegacyCiEntry, apiOrigin: string): Promise<void> {
  const old = entry.provider === 'gitlab' ? `devops.ci.gitlab.token:${entry.baseUrl ?? 'https://gitlab.com'}` : entry.provider === 'jenkins' ? `devops.ci.jenkins.credentials:${entry.baseUrl ?? ''}` : undefined;
  if (old === undefined) return;
  const value = await secrets.get(old);
  if (value === undefined) return;
  const kind: CredentialKind = entry.provider === 'gitlab' ? 'gitlab' : 'jenkins';
  const key = credentialKey(kind, credentialOrigin(apiOrigin));
  if (value !== '' && carriesCredentials(apiOrigin) && (await secrets.get(key)) === undefined) await secrets.store(key, value);
  await secrets.delete(old);
}

import * as vscode from 'vscode';
import type { JenkinsCredentials } from '../../backends/ci/jenkins/jenkinsProvider';
import type { JiraCredentials } from '../../backends/plan/jira/jiraPlanProvider';
import { assertCarriesCredentials, carriesCredentials, credentialKey, githubSessionFor } from '../../core/credentials/credentialOrigin';
import type { CredentialKind } from '../../core/credentials/credentialOrigin';
import { adoptCiSecret, deleteFixedKeySecrets } from '../../core/credentials/legacySecrets';
import type { LegacyCiEntry } from '../../core/credentials/legacySecrets';
import type { SecretStore } from '../../core/ports';
import { setSafeTimeout } from '../../core/safeTimers';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';

// The one credential module of the editor, shared by the Plan and the CI Runs view.
// Every lookup names the origin a request goes to (the HTTP client passes it), and only
// that origin's credential comes back: VS Code's github sign-in for api.github.com,
// its github-enterprise sign-in for the server the user set in their own settings, and
// otherwise a token the user stored for exactly that origin. Sessions are asked
// silently on every poll, so a poll never pops a sign-in. Nothing here logs a secret.

/** What each kind of stored credential holds. */
export interface StoredCredentials {
  /** A GitHub token for a server no editor sign-in belongs to. */
  github: string;
  /** A GitLab personal, project or group access token. */
  gitlab: string;
  /** Jira e-mail (Cloud) and API token, or a personal access token alone. */
  jira: JiraCredentials;
  /** Jenkins user and API token. */
  jenkins: JenkinsCredentials;
}

const silentSessionTimeoutMs = 10_000;
/** The palette command that sets each retired secret again. */
const signInCommandFor: Record<string, string | undefined> = {
  'GitLab token': '"DevOps: Set GitLab Token"',
  'Jira credentials': '"DevOps: Set Jira Credentials"',
};
const githubScopes = ['repo'];

export class Credentials implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a credential was stored or a session changed: providers are rebuilt, views re-asked. */
  readonly onDidChange = this.changed.event;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly settings: Settings,
    private readonly prompts: UserPrompts,
  ) {
    this.listeners = [
      vscode.authentication.onDidChangeSessions(() => this.changed.fire()),
      secrets.onDidChange(() => this.changed.fire()),
      settings.onDidChangeUser(['github-enterprise.uri'], () => this.changed.fire()),
    ];
  }

  /** The GitHub token for an origin: the editor sign-in that origin may have, else the token stored for it. */
  async githubToken(origin: string, interactive = false): Promise<string | undefined> {
    const provider = this.githubSessionProvider(origin);
    if (provider) return (await this.session(provider, interactive))?.accessToken;
    return this.read('github', origin);
  }

  /** The signed-in GitHub login as the editor sign-in tells it (the account label); undefined with a stored token. */
  async githubAccount(origin: string): Promise<string | undefined> {
    const provider = this.githubSessionProvider(origin);
    return provider ? (await this.session(provider, false))?.account.label : undefined;
  }

  gitlabToken(origin: string): Promise<string | undefined> {
    return this.read('gitlab', origin);
  }

  jiraCredentials(origin: string): Promise<JiraCredentials | undefined> {
    return this.read('jira', origin);
  }

  jenkinsCredentials(origin: string): Promise<JenkinsCredentials | undefined> {
    return this.read('jenkins', origin);
  }

  /** Whether a credential for the origin is there (not whether the server accepts it). */
  async has(kind: CredentialKind, origin: string): Promise<boolean> {
    return kind === 'github' ? Boolean(await this.githubToken(origin)) : (await this.read(kind, origin)) !== undefined;
  }

  /** Stores (undefined or '': deletes) the credential of one kind for one origin. */
  async store<K extends CredentialKind>(kind: K, origin: string, value: StoredCredentials[K] | undefined): Promise<void> {
    const key = credentialKey(kind, origin);
    if (value === undefined || value === '') await this.secrets.delete(key);
    else await this.secrets.store(key, typeof value === 'string' ? value : JSON.stringify(value));
  }

  /**
   * Signs in for an origin: VS Code's sign-in where one belongs to it, otherwise asks for
   * a token (and user or e-mail) kept for that origin only. Refuses, before asking
   * anything, an origin that plain http would reach.
   */
  async signIn(kind: CredentialKind, origin: string): Promise<void> {
    const ask = (title: string, prompt: string | undefined, password: boolean): Promise<string | undefined> =>
      this.prompts.input({ topic: 'credentials.secret', title, prompt, password, ignoreFocusOut: true, subject: { title } });
    assertCarriesCredentials(origin);
    const provider = kind === 'github' ? this.githubSessionProvider(origin) : undefined;
    if (provider) {
      await this.session(provider, true);
      return;
    }
    const kept = 'kept in VS Code SecretStorage and sent to this server only';
    if (kind === 'github' || kind === 'gitlab') {
      const scope = kind === 'github' ? 'A personal access token with the repo scope' : 'A personal access token with read_api (api to change items or start runs)';
      const token = (await ask(`${kind === 'github' ? 'GitHub' : 'GitLab'} token for ${origin}`, `${scope}, ${kept}`, true))?.trim();
      if (token) await this.store(kind, origin, token);
      return;
    }
    const named = kind === 'jira' ? 'account e-mail (empty for a Data Center personal access token)' : 'user';
    const name = (await ask(`${kind === 'jira' ? 'Jira' : 'Jenkins'} ${named} for ${origin}`, undefined, false))?.trim();
    if (name === undefined || (kind === 'jenkins' && name === '')) return;
    const token = (await ask(`${kind === 'jira' ? 'Jira API token' : `Jenkins API token of ${name}`} for ${origin}`, `The token is ${kept}`, true))?.trim();
    if (!token) return;
    if (kind === 'jira') await this.store('jira', origin, name === '' ? { token } : { email: name, token });
    else await this.store('jenkins', origin, { user: name, token });
  }

  /** Moves a CI entry's secret from the key of its baseUrl (earlier versions) to its origin's. */
  adoptCiSecret(entry: LegacyCiEntry, origin: string): Promise<void> {
    return adoptCiSecret(this.secretStore(), entry, origin);
  }

  /**
   * Deletes the one-key-for-every-server secrets of earlier versions (never sent
   * anywhere again) and tells the user which to set again, once.
   */
  async retireFixedKeySecrets(): Promise<void> {
    const removed = await deleteFixedKeySecrets(this.secretStore());
    if (removed.length === 0) return;
    const commands = removed.map((what) => signInCommandFor[what]).filter((command) => command !== undefined);
    void this.prompts.notify({
      topic: 'credentials.retired',
      level: 'info',
      text: `DevOps Loop now keeps each credential for one server only. The ${removed.join(' and ')} saved by an earlier version ${removed.length === 1 ? 'was' : 'were'} removed${commands.length > 0 ? `; set ${removed.length === 1 ? 'it' : 'them'} again with ${commands.join(' or ')}` : ''}.`,
    });
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
  }

  /** The SecretStorage behind the port, for logins keyed by exact origin elsewhere (a registry's). */
  secretStore(): SecretStore {
    return { get: async (key) => this.secrets.get(key), store: async (key, value) => this.secrets.store(key, value), delete: async (key) => this.secrets.delete(key) };
  }

  private githubSessionProvider(origin: string): 'github' | 'github-enterprise' | undefined {
    return githubSessionFor(origin, this.settings.userValue('github-enterprise.uri'));
  }

  private async read<K extends CredentialKind>(kind: K, origin: string): Promise<StoredCredentials[K] | undefined> {
    // Never hand out a credential for plain http elsewhere, whatever was stored.
    if (!carriesCredentials(origin)) return undefined;
    const raw = await this.secrets.get(credentialKey(kind, origin));
    if (!raw) return undefined;
    if (kind === 'github' || kind === 'gitlab') return raw as StoredCredentials[K];
    return parsePair(raw, kind === 'jira' ? 'email' : 'user') as StoredCredentials[K] | undefined;
  }

  private async session(provider: 'github' | 'github-enterprise', interactive: boolean): Promise<vscode.AuthenticationSession | undefined> {
    const asked = vscode.authentication.getSession(provider, githubScopes, interactive ? { createIfNone: true } : { silent: true });
    if (interactive) return asked;
    // A silent ask never needs the user; an auth provider that does not answer (offline) counts as signed out.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setSafeTimeout(() => resolve(undefined), silentSessionTimeoutMs)));
    try {
      return await Promise.race([Promise.resolve(asked).catch(() => undefined), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A stored `{ <name>, token }` pair; undefined when it is not one. Jira's e-mail may be absent. */
function parsePair(raw: string, name: 'email' | 'user'): Record<string, string> | undefined {
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    if (typeof parsed.token !== 'string' || parsed.token === '') return undefined;
    const value = parsed[name];
    if (typeof value === 'string' && value !== '') return { [name]: value, token: parsed.token };
    return name === 'email' ? { token: parsed.token } : undefined;
  } catch {
    return undefined;
  }
}

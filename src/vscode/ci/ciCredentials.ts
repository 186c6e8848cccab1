import * as vscode from 'vscode';
import type { CiEntryConfig } from '../../core/config/ciConfig';
import { setSafeTimeout } from '../../core/safeTimers';

// Where CI tokens come from. GitHub: VS Code's github (or github-enterprise) auth
// provider, asked silently on every poll so a poll never pops a sign-in. GitLab and
// Jenkins: SecretStorage, set through the "Set … Token/Credentials" commands.
// A token is only ever handed to the provider's HTTP client; nothing here logs it.

/** SecretStorage key of the GitLab token of a devops.yaml `baseUrl` (undefined: gitlab.com). */
export const gitlabSecretKey = (baseUrl: string | undefined): string => `devops.ci.gitlab.token:${baseUrl ?? 'https://gitlab.com'}`;
/** SecretStorage key of the Jenkins user and API token (JSON) of a devops.yaml `baseUrl`. */
export const jenkinsSecretKey = (baseUrl: string | undefined): string => `devops.ci.jenkins.credentials:${baseUrl ?? ''}`;
/** SecretStorage key of the GitHub token used instead of a sign-in when the test-only setting allows it. */
export const githubSecretKey = 'devops.ci.github.token';
const silentSessionTimeoutMs = 10_000;

/** Asks one line (title, prompt, whether it is hidden as a password); undefined when the user backed out. */
export type SecretAsker = (title: string, prompt: string | undefined, password: boolean) => Thenable<string | undefined>;

export class CiCredentials {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a token was set or a session changed: providers are rebuilt, views re-asked. */
  readonly onDidChange = this.changed.event;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly useSecretForGithub: () => boolean,
  ) {
    this.listeners = [
      vscode.authentication.onDidChangeSessions(() => this.changed.fire()),
      secrets.onDidChange(() => this.changed.fire()),
    ];
  }

  async githubToken(entry: CiEntryConfig, interactive: boolean): Promise<string | undefined> {
    if (this.useSecretForGithub()) return this.secrets.get(githubSecretKey);
    return (await this.githubSession(entry, interactive))?.accessToken;
  }

  /** The signed-in GitHub login as the sign-in tells it (the session's account label); undefined with a stored token. */
  async githubAccount(entry: CiEntryConfig): Promise<string | undefined> {
    if (this.useSecretForGithub()) return undefined;
    return (await this.githubSession(entry, false))?.account.label;
  }

  /** Whether the entry's credentials are there (not whether the server accepts them). */
  async hasCredentials(entry: CiEntryConfig): Promise<boolean> {
    switch (entry.provider) {
      case 'github':
        return Boolean(await this.githubToken(entry, false));
      case 'gitlab':
        return Boolean(await this.gitlabToken(entry));
      case 'jenkins':
        return (await this.jenkinsCredentials(entry)) !== undefined;
    }
  }

  private async githubSession(entry: CiEntryConfig, interactive: boolean): Promise<vscode.AuthenticationSession | undefined> {
    const providerId = entry.baseUrl === undefined || /api\.github\.com/.test(entry.baseUrl) ? 'github' : 'github-enterprise';
    const asked = vscode.authentication.getSession(providerId, ['repo'], interactive ? { createIfNone: true } : { silent: true });
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

  gitlabToken(entry: CiEntryConfig): Thenable<string | undefined> {
    return this.secrets.get(gitlabSecretKey(entry.baseUrl));
  }

  async jenkinsCredentials(entry: CiEntryConfig): Promise<{ user: string; token: string } | undefined> {
    const stored = await this.secrets.get(jenkinsSecretKey(entry.baseUrl));
    if (!stored) return undefined;
    try {
      const parsed = JSON.parse(stored) as { user?: unknown; token?: unknown };
      return typeof parsed.user === 'string' && typeof parsed.token === 'string' ? { user: parsed.user, token: parsed.token } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Asks for a GitLab token (password box) and stores it. */
  async askGitlabToken(baseUrl: string | undefined, ask: SecretAsker): Promise<void> {
    const token = await ask(`GitLab token for ${baseUrl ?? 'gitlab.com'}`, 'A personal access token with the api scope', true);
    if (token) await this.secrets.store(gitlabSecretKey(baseUrl), token.trim());
  }

  /** Asks for a Jenkins user and API token and stores them. */
  async askJenkinsCredentials(baseUrl: string | undefined, ask: SecretAsker): Promise<void> {
    const user = await ask(`Jenkins user for ${baseUrl ?? 'Jenkins'}`, undefined, false);
    if (!user) return;
    const token = await ask(`Jenkins API token of ${user}`, undefined, true);
    if (token) await this.secrets.store(jenkinsSecretKey(baseUrl), JSON.stringify({ user: user.trim(), token: token.trim() }));
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
  }
}

import { ciApiOrigin } from '../apiOrigins';
import { GithubActionsProvider } from './github/githubActionsProvider';
import { GitlabCiProvider } from './gitlab/gitlabCiProvider';
import { JenkinsProvider, type JenkinsCredentials } from './jenkins/jenkinsProvider';
import type { CiProvider } from '../../core/ci/ciProvider';
import { ciConnection } from '../../core/config/ciConfig';
import type { CiEntryConfig, ConnectionChoices, WorkspaceNetworkValue } from '../../core/config/ciConfig';
import type { NetworkGate } from '../../core/ports';

/** The credential of each kind for the origin a request goes to (looked up per call). */
export interface CiCredentials {
  githubToken(origin: string): Promise<string | undefined>;
  /** The signed-in GitHub login, when the editor's sign-in tells it. */
  githubAccount(origin: string): Promise<string | undefined>;
  gitlabToken(origin: string): Promise<string | undefined>;
  jenkinsCredentials(origin: string): Promise<JenkinsCredentials | undefined>;
}

/** Who decides the proxy and CA of a devops.yaml entry, and hears about values it ignored. */
export interface CiConnectionChoices {
  /** The user's proxy and CA for the devops.yaml in `root`, and which of its own values they allowed. */
  choicesFor(root: string, caFile?: string): ConnectionChoices;
  /** devops.yaml values that were not used (not allowed, or outside the workspace). */
  report(root: string, ignored: readonly WorkspaceNetworkValue[], server: string): void;
}

/** What every CI provider is built with. */
export interface CiProviderDeps {
  /** The credentials; the providers' clients ask per call for the origin they reach. */
  credentials: CiCredentials;
  /** The gate every request of the providers passes. */
  network: NetworkGate;
  /** The user's proxy and CA, and which devops.yaml values the user allowed. */
  choices: CiConnectionChoices;
  /** The folder of devops.yaml: consents are remembered per folder. */
  root: string;
  /** The entry's caFile resolved inside that folder (see resolveEntryCaFile); undefined when absent or outside. */
  caFile?: string;
}

// One table from a devops.yaml `ci` entry to its provider; the schema guarantees the
// field each provider needs (repository, project, job + baseUrl).
export function createCiProvider(entry: CiEntryConfig, deps: CiProviderDeps): CiProvider {
  const { connection, ignored } = ciConnection(entry, deps.choices.choicesFor(deps.root, deps.caFile));
  deps.choices.report(deps.root, ignored, serverOf(entry));
  const { credentials, network } = deps;
  switch (entry.provider) {
    case 'github': {
      const [owner, repo] = (entry.repository ?? '/').split('/');
      return new GithubActionsProvider({ ...connection, network, owner, repo, token: (origin) => credentials.githubToken(origin), user: (origin) => credentials.githubAccount(origin) });
    }
    case 'gitlab':
      return new GitlabCiProvider({ ...connection, network, project: entry.project ?? '', token: (origin) => credentials.gitlabToken(origin) });
    case 'jenkins':
      return new JenkinsProvider({ ...connection, network, baseUrl: entry.baseUrl ?? '', job: entry.job ?? '', credentials: (origin) => credentials.jenkinsCredentials(origin) });
  }
}

/** The origin an entry's requests (and credentials) go to; undefined when its baseUrl is no http(s) URL. */
export function ciOriginOf(entry: CiEntryConfig): string | undefined {
  try {
    return ciApiOrigin(entry);
  } catch {
    return undefined;
  }
}

function serverOf(entry: CiEntryConfig): string {
  return ciOriginOf(entry) ?? entry.baseUrl ?? entry.provider;
}

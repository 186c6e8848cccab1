import type { CiEntryConfig, ConnectionChoices } from '../../core/config/ciConfig';
import { ciConnection } from '../../core/config/ciConfig';
import type { DevopsConfig } from '../../core/config/schema';
import type { NetworkGate } from '../../core/ports';
import type { PullRequestProvider } from '../../core/pullRequests/pullRequestTypes';
import { ciApiOrigin } from '../apiOrigins';
import { GithubPullRequests } from './github/githubPullRequests';
import { GitlabMergeRequests } from './gitlab/gitlabMergeRequests';

// One table from devops.yaml to the code host whose pull or merge requests are shown: the
// first GitHub or GitLab entry of pipeline.ci (the CI whose runs the checks link to), else a
// GitHub or GitLab plan. Credentials are asked per call for the origin the client reaches,
// the same the CI and plan use, so one sign-in serves all three.

/** The repository requests are opened in, as a CI entry names it. */
export type PullRequestHost = CiEntryConfig & { provider: 'github' | 'gitlab' };

export function pullRequestHostOf(config: DevopsConfig | undefined): PullRequestHost | undefined {
  const fromCi = (config?.pipeline?.ci ?? []).find((entry): entry is PullRequestHost => entry.provider === 'github' || entry.provider === 'gitlab');
  if (fromCi) return fromCi;
  const plan = config?.plan;
  if (plan?.repository === undefined || (plan.provider !== 'github' && plan.provider !== 'gitlab')) return undefined;
  return plan.provider === 'github'
    ? { provider: 'github', repository: plan.repository, baseUrl: plan.baseUrl, watchBranches: [] }
    : { provider: 'gitlab', project: plan.repository, baseUrl: plan.baseUrl, watchBranches: [] };
}

/** The origin a host's requests and credentials go to; undefined when its baseUrl is unusable. */
export function pullRequestOrigin(host: PullRequestHost): string | undefined {
  try {
    return ciApiOrigin(host);
  } catch {
    return undefined;
  }
}

export interface PullRequestProviderDeps {
  githubToken(origin: string): Promise<string | undefined>;
  gitlabToken(origin: string): Promise<string | undefined>;
  network: NetworkGate;
  /** The user's proxy and CA, and which devops.yaml values they allowed. */
  choices: ConnectionChoices;
}

export function createPullRequestProvider(host: PullRequestHost, deps: PullRequestProviderDeps): PullRequestProvider {
  const { connection } = ciConnection(host, deps.choices);
  if (host.provider === 'github') {
    const [owner, repo] = (host.repository ?? '/').split('/');
    return new GithubPullRequests({ ...connection, network: deps.network, owner, repo, token: (origin) => deps.githubToken(origin) });
  }
  return new GitlabMergeRequests({ ...connection, network: deps.network, project: host.project ?? '', token: (origin) => deps.gitlabToken(origin) });
}

import { GithubActionsProvider } from '../../backends/ci/github/githubActionsProvider';
import { GitlabCiProvider } from '../../backends/ci/gitlab/gitlabCiProvider';
import { JenkinsProvider } from '../../backends/ci/jenkins/jenkinsProvider';
import type { CiProvider } from '../../core/ci/ciProvider';
import type { CiEntryConfig } from '../../core/config/ciConfig';
import type { CiCredentials } from './ciCredentials';

// One table from a devops.yaml `ci` entry to its provider; the schema guarantees the
// field each provider needs (repository, project, job + baseUrl).
export function createCiProvider(entry: CiEntryConfig, credentials: CiCredentials, resolvePath: (file: string) => string): CiProvider {
  const caFile = entry.caFile === undefined ? undefined : resolvePath(entry.caFile);
  switch (entry.provider) {
    case 'github': {
      const [owner, repo] = (entry.repository ?? '/').split('/');
      return new GithubActionsProvider({ baseUrl: entry.baseUrl, owner, repo, caFile, token: () => credentials.githubToken(entry, false), user: () => credentials.githubAccount(entry) });
    }
    case 'gitlab':
      return new GitlabCiProvider({ baseUrl: entry.baseUrl, project: entry.project ?? '', caFile, token: async () => credentials.gitlabToken(entry) });
    case 'jenkins':
      return new JenkinsProvider({ baseUrl: entry.baseUrl ?? '', job: entry.job ?? '', caFile, credentials: () => credentials.jenkinsCredentials(entry) });
  }
}

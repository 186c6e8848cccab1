import { GithubActionsProvider } from '../../backends/ci/github/githubActionsProvider';
import { GitlabCiProvider } from '../../backends/ci/gitlab/gitlabCiProvider';
import { JenkinsProvider } from '../../backends/ci/jenkins/jenkinsProvider';
import type { CiProvider } from '../../core/ci/ciProvider';
import { ciConnection } from '../../core/config/ciConfig';
import type { CiEntryConfig, ProxyFallback } from '../../core/config/ciConfig';
import { editorProxy } from '../http/editorProxy';
import type { CiCredentials } from './ciCredentials';

// One table from a devops.yaml `ci` entry to its provider; the schema guarantees the
// field each provider needs (repository, project, job + baseUrl).
export function createCiProvider(entry: CiEntryConfig, credentials: CiCredentials, resolvePath: (file: string) => string, proxy: ProxyFallback = editorProxy()): CiProvider {
  const connection = ciConnection(entry, resolvePath, proxy);
  switch (entry.provider) {
    case 'github': {
      const [owner, repo] = (entry.repository ?? '/').split('/');
      return new GithubActionsProvider({ ...connection, owner, repo, token: () => credentials.githubToken(entry, false), user: () => credentials.githubAccount(entry) });
    }
    case 'gitlab':
      return new GitlabCiProvider({ ...connection, project: entry.project ?? '', token: async () => credentials.gitlabToken(entry) });
    case 'jenkins':
      return new JenkinsProvider({ ...connection, baseUrl: entry.baseUrl ?? '', job: entry.job ?? '', credentials: () => credentials.jenkinsCredentials(entry) });
  }
}

import * as vscode from 'vscode';
import { GithubActionsProvider } from '../../backends/ci/github/githubActionsProvider';
import { GitlabCiProvider } from '../../backends/ci/gitlab/gitlabCiProvider';
import { JenkinsProvider } from '../../backends/ci/jenkins/jenkinsProvider';
import { loopbackHosts } from '../../backends/http/proxyAgent';
import type { CiProvider } from '../../core/ci/ciProvider';
import { ciConnection } from '../../core/config/ciConfig';
import type { CiEntryConfig, ProxyFallback } from '../../core/config/ciConfig';
import type { CiCredentials } from './ciCredentials';

/**
 * The editor's proxy (http.proxy, http.noProxy); loopback hosts always stay direct.
 * With http.proxySupport "off" the user keeps extensions off the proxy, so none is given.
 */
export function editorProxy(): ProxyFallback {
  const settings = vscode.workspace.getConfiguration('http');
  const noProxy = settings.get<unknown>('noProxy');
  const extra = Array.isArray(noProxy) ? noProxy.filter((host): host is string => typeof host === 'string') : [];
  const proxy = settings.get<string>('proxySupport') === 'off' ? undefined : settings.get<string>('proxy');
  return { proxy, noProxy: [...loopbackHosts, ...extra] };
}

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

import { isAbsolute, join } from 'node:path';
import type { PlanConfig } from '../../core/config/schema';
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import type { TokenSource } from '../http/apiConnection';
import type { PlanProvider } from '../../core/plan/planProvider';
import { FileSprintProvider } from './file/fileSprintProvider';
import type { SprintText } from './file/sprintText';
import { GithubPlanProvider } from './github/githubPlanProvider';
import { GitlabPlanProvider } from './gitlab/gitlabPlanProvider';
import { JiraPlanProvider } from './jira/jiraPlanProvider';
import type { JiraCredentials } from './jira/jiraPlanProvider';

// The one table from `plan.provider` in devops.yaml to a provider: the vscode layer and
// the CLI build providers here and never name a backend class themselves.

export interface PlanProviderDeps {
  /** Folder of devops.yaml; relative paths resolve against it. */
  configDir: string;
  /** GitHub token of the origin asked (in the editor: the sign-in that origin may have, else a token stored for it). */
  githubToken?: TokenSource;
  /** GitLab token of the origin asked (stored for that origin). */
  gitlabToken?: TokenSource;
  /** Jira e-mail and token of the origin asked (stored for that origin). */
  jiraCredentials?: (origin: string, signal: AbortSignal) => Promise<JiraCredentials | undefined>;
  /** Asked before every request of remote providers; the file provider makes none. */
  network?: NetworkGate;
  /** Who "me" is for the sprint file (git user.name or a setting). */
  me?: string;
  /** Where the sprint file's text is read and written; default the file on disk. */
  sprintText?: SprintText;
  /** Extra CA certificates for self-managed servers. */
  caFile?: string;
  /** Per-call deadline of remote providers. */
  timeoutMs?: number;
  /** Forward proxy of remote providers (the editor's http.proxy), http://[user:pass@]host:port. */
  proxy?: string;
  /** Hosts remote providers reach without the proxy (NO_PROXY style); default loopback only. */
  noProxy?: readonly string[];
}

export function createPlanProvider(config: PlanConfig, deps: PlanProviderDeps): PlanProvider {
  const { statuses } = config;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new DevopsError('invalid-config', `plan.provider ${config.provider} needs ${what}`);
    return value;
  };
  switch (config.provider) {
    case 'file': {
      const path = isAbsolute(config.file) ? config.file : join(deps.configDir, config.file);
      return new FileSprintProvider({ path, statuses, me: deps.me, text: deps.sprintText, workspace: deps.configDir });
    }
    case 'github':
      return new GithubPlanProvider({
        repository: need(config.repository, 'plan.repository (owner/repo)'),
        baseUrl: config.baseUrl,
        milestone: config.milestone,
        token: need(deps.githubToken, 'a GitHub sign-in'),
        network: need(deps.network, 'network access'),
        statuses,
        caFile: deps.caFile,
        timeoutMs: deps.timeoutMs,
        proxy: deps.proxy,
        noProxy: deps.noProxy,
      });
    case 'gitlab':
      return new GitlabPlanProvider({
        project: need(config.repository, 'plan.repository (group/project or project id)'),
        baseUrl: config.baseUrl,
        milestone: config.milestone,
        token: need(deps.gitlabToken, 'a GitLab token'),
        network: need(deps.network, 'network access'),
        statuses,
        caFile: deps.caFile,
        timeoutMs: deps.timeoutMs,
        proxy: deps.proxy,
        noProxy: deps.noProxy,
      });
    case 'jira':
      return new JiraPlanProvider({
        baseUrl: need(config.baseUrl, 'plan.baseUrl (the Jira site)'),
        board: need(config.board, 'plan.board (the board id)'),
        credentials: need(deps.jiraCredentials, 'Jira credentials'),
        network: need(deps.network, 'network access'),
        statuses,
        caFile: deps.caFile,
        timeoutMs: deps.timeoutMs,
        proxy: deps.proxy,
        noProxy: deps.noProxy,
      });
  }
}

import { checkTriggerInputs } from '../../../core/ci/ciProvider';
import type { CiProvider } from '../../../core/ci/ciProvider';
import { isFinished } from '../../../core/ci/ciTypes';
import type { CiJob, CiRun, Listed, LogChunk, LogTarget, RateBudget, RunQuery, TriggerRequest, TriggerTarget } from '../../../core/ci/ciTypes';
import { DevopsError } from '../../../core/errors';
import { apiBaseUrl, bearerHeader, createApiClient, credentialHeaders, logTimeoutMs } from '../../http/apiConnection';
import type { ApiConnectionOptions, CredentialHeaders, TokenSource } from '../../http/apiConnection';
import type { HttpClient, HttpResponse } from '../../http/httpClient';
import { pagesByLink } from '../../http/pagination';
import { AskOnce } from '../askOnce';
import { loadCa } from '../logFetch';
import { RateBudgetTracker } from '../rateBudget';
import { readGithubJobLog } from './githubJobLog';
import { toCiJob, toCiRun } from './githubMapping';
import { githubContentSchema, githubJobsPageSchema, githubRunsPageSchema, githubUserSchema, githubWorkflowsSchema } from './githubSchemas';
import { dispatchInputs } from './workflowInputs';

// GitHub Actions over the REST API: runs (conditional GETs, so a steady poll costs
// 304s that do not count against the rate limit), jobs with steps, job logs through
// the storage redirect, workflow_dispatch with the inputs the workflow file declares,
// rerun and cancel. github.com by default; GitHub Enterprise Server by base URL.

/** baseUrl: https://api.github.com (default), or https://HOST/api/v3 for GitHub Enterprise Server. */
export interface GithubActionsOptions extends ApiConnectionOptions {
  /** Repository owner. */
  owner: string;
  /** Repository name. */
  repo: string;
  /** The token, asked for per call (the editor's github authentication session). */
  token: TokenSource;
  /** Login of the user signed in for the origin when the sign-in tells it (the session's account label); otherwise GET /user is asked once. */
  user?: (origin: string, signal: AbortSignal) => Promise<string | undefined>;
  /** Largest part of a log kept (its tail); default 50 MB. */
  maxLogBytes?: number;
}

const defaultBaseUrl = 'https://api.github.com';

export class GithubActionsProvider implements CiProvider {
  readonly id = 'github';
  readonly label: string;
  private readonly client: HttpClient;
  private readonly budget = new RateBudgetTracker();
  private readonly repoPath: string;
  private readonly targets = new Map<string, TriggerTarget>();
  private readonly authHeaders: CredentialHeaders;
  private readonly login = new AskOnce((signal) => this.askLogin(signal));

  constructor(private readonly options: GithubActionsOptions) {
    this.label = `${options.owner}/${options.repo}`;
    this.repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
    this.authHeaders = credentialHeaders(options.token, bearerHeader);
    this.client = createApiClient(options, { defaultBaseUrl, headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }, auth: this.authHeaders });
  }

  async listRuns(query: RunQuery, signal: AbortSignal): Promise<Listed<CiRun>> {
    const limit = query.limit ?? 20;
    const first = { path: `${this.repoPath}/actions/runs`, query: { branch: query.branch, per_page: Math.min(limit, 100) }, signal };
    const runs: CiRun[] = [];
    let unchanged = true;
    for await (const page of pagesByLink(this.client, first, githubRunsPageSchema, { maxPages: Math.ceil(limit / 100) + 1 })) {
      this.note(page);
      unchanged &&= page.notModified;
      runs.push(...page.body.workflow_runs.map(toCiRun));
      if (runs.length >= limit) break;
    }
    return { items: runs.slice(0, limit), unchanged };
  }

  async listJobs(run: CiRun, signal: AbortSignal): Promise<Listed<CiJob>> {
    const first = { path: `${this.repoPath}/actions/runs/${encodeURIComponent(run.id)}/jobs`, query: { filter: 'latest', per_page: 100 }, signal };
    const jobs: CiJob[] = [];
    let unchanged = true;
    for await (const page of pagesByLink(this.client, first, githubJobsPageSchema, { maxPages: 10 })) {
      this.note(page);
      unchanged &&= page.notModified;
      jobs.push(...page.body.jobs.map((job) => toCiJob(job, run.id)));
    }
    return { items: jobs, unchanged };
  }

  async readLog(target: LogTarget, signal: AbortSignal): Promise<LogChunk> {
    if (!target.job) throw new DevopsError('invalid-data', 'GitHub keeps logs per job; pick a job of the run.');
    const base = new URL(apiBaseUrl(this.options, defaultBaseUrl) + '/');
    const apiUrl = new URL(`${base.pathname.replace(/\/$/, '')}${this.repoPath}/actions/jobs/${encodeURIComponent(target.job.id)}/logs`, base);
    return readGithubJobLog({
      apiUrl,
      apiHeaders: { accept: 'application/vnd.github+json' },
      credentials: await this.authHeaders(apiUrl.origin, signal),
      network: this.options.network,
      signal,
      timeoutMs: logTimeoutMs(this.options),
      maxBytes: this.options.maxLogBytes ?? 50 * 1024 * 1024,
      finished: isFinished(target.job.status),
      now: this.options.now,
      ca: await loadCa(this.options.caFile),
    });
  }

  async triggerTargets(ref: string, signal: AbortSignal): Promise<TriggerTarget[]> {
    const listed = await this.client.json({ path: `${this.repoPath}/actions/workflows`, query: { per_page: 100 }, signal }, githubWorkflowsSchema);
    this.note(listed);
    const found: TriggerTarget[] = [];
    for (const workflow of listed.body.workflows.filter((w) => (w.state ?? 'active') === 'active')) {
      const file = await this.client.json({ path: `${this.repoPath}/contents/${workflow.path.split('/').map(encodeURIComponent).join('/')}`, query: { ref }, signal }, githubContentSchema);
      this.note(file);
      const text = file.body.encoding === 'base64' ? Buffer.from(file.body.content, 'base64').toString('utf8') : file.body.content;
      const inputs = dispatchInputs(text);
      if (inputs === undefined) continue;
      const target: TriggerTarget = { id: String(workflow.id), label: workflow.name, inputs, freeVariables: false };
      this.targets.set(target.id, target);
      found.push(target);
    }
    return found;
  }

  async trigger(request: TriggerRequest, signal: AbortSignal): Promise<void> {
    const target = this.targets.get(request.target) ?? (await this.triggerTargets(request.ref, signal)).find((t) => t.id === request.target);
    if (!target) throw new DevopsError('not-found', `No dispatchable workflow ${request.target} in ${this.label}.`);
    checkTriggerInputs(target, request.inputs);
    const path = `${this.repoPath}/actions/workflows/${encodeURIComponent(request.target)}/dispatches`;
    this.note(await this.client.request({ path, method: 'POST', body: { ref: request.ref, inputs: request.inputs }, signal, responseType: 'text' }));
  }

  async rerun(run: CiRun, scope: 'failed' | 'all', signal: AbortSignal): Promise<void> {
    const action = scope === 'failed' ? 'rerun-failed-jobs' : 'rerun';
    this.note(await this.client.request({ path: `${this.repoPath}/actions/runs/${encodeURIComponent(run.id)}/${action}`, method: 'POST', signal, responseType: 'text' }));
  }

  async cancel(run: CiRun, signal: AbortSignal): Promise<void> {
    this.note(await this.client.request({ path: `${this.repoPath}/actions/runs/${encodeURIComponent(run.id)}/cancel`, method: 'POST', signal, responseType: 'text' }));
  }

  /** Who is signed in: the session's account label, or the token's login (GET /user, asked once). */
  currentUser(signal: AbortSignal): Promise<string | undefined> {
    return this.login.get(signal);
  }

  rateBudget(): RateBudget | undefined {
    return this.budget.budget;
  }

  dispose(): void {
    this.client.close();
  }

  private async askLogin(signal: AbortSignal): Promise<string | undefined> {
    const label = await this.options.user?.(new URL(apiBaseUrl(this.options, defaultBaseUrl)).origin, signal);
    return label ?? (await this.client.json({ path: '/user', signal }, githubUserSchema)).body.login;
  }

  private note(response: HttpResponse<unknown>): void {
    this.budget.note(response.headers);
  }
}

import { checkTriggerInputs } from '../../../core/ci/ciProvider';
import type { CiProvider } from '../../../core/ci/ciProvider';
import { isFinished } from '../../../core/ci/ciTypes';
import type { CiJob, CiRun, Listed, LogChunk, LogTarget, RateBudget, RunQuery, TriggerRequest, TriggerTarget } from '../../../core/ci/ciTypes';
import { DevopsError } from '../../../core/errors';
import { apiBaseUrl, createApiClient, credentialHeaders, logTimeoutMs } from '../../http/apiConnection';
import type { ApiConnectionOptions, CredentialHeaders, TokenSource } from '../../http/apiConnection';
import type { HttpClient, HttpResponse } from '../../http/httpClient';
import { gitlabApiBase, gitlabDefaultApiBase } from '../../http/gitlabApiBase';
import { HttpError } from '../../http/httpErrors';
import { pagesByLink } from '../../http/pagination';
import { AskOnce } from '../askOnce';
import { loadCa } from '../logFetch';
import { RateBudgetTracker } from '../rateBudget';
import { toCiJob, toCiRun } from './gitlabMapping';
import { erasedEmptyNotice, goneTraceNotice, type JobReader } from './gitlabGoneLog';
import { gitlabJobSchema, gitlabJobsSchema, gitlabPipelineSchema, gitlabPipelinesSchema, gitlabUserSchema } from './gitlabSchemas';
import { readTrace } from './gitlabTrace';

// GitLab CI over the REST API v4: pipelines, their jobs, job traces read from an
// offset while the job runs, new pipelines with variables, retry and cancel.
// gitlab.com by default; a self-managed server by base URL. PRIVATE-TOKEN auth.

/** baseUrl: https://gitlab.com/api/v4 (default), https://HOST or https://HOST/api/v4 (both name the same API). */
export interface GitlabCiOptions extends ApiConnectionOptions {
  /** Project id or full path ("group/project"). */
  project: string;
  /** Personal, project or group access token, asked for per call. */
  token: TokenSource;
  /** Largest whole log kept (its tail) and largest streamed read; default 50 MB and 4 MB. */
  maxLogBytes?: number;
  /** Most bytes one streamed read brings. */
  streamChunkBytes?: number;
}

const pipelineTarget = 'pipeline';

export class GitlabCiProvider implements CiProvider {
  readonly id = 'gitlab';
  readonly label: string;
  private readonly client: HttpClient;
  private readonly budget = new RateBudgetTracker();
  private readonly projectPath: string;
  private readonly baseUrl: string;
  private readonly authHeaders: CredentialHeaders;
  private readonly username = new AskOnce((signal) => this.client.json({ path: '/user', signal }, gitlabUserSchema).then((answer) => answer.body.username));

  private readonly options: GitlabCiOptions;

  constructor(options: GitlabCiOptions) {
    this.options = { ...options, baseUrl: gitlabApiBase(options.baseUrl) };
    this.label = options.project;
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
    this.baseUrl = apiBaseUrl(this.options, gitlabDefaultApiBase);
    this.authHeaders = credentialHeaders(options.token, (token) => ({ 'private-token': token }));
    this.client = createApiClient(this.options, { defaultBaseUrl: gitlabDefaultApiBase, auth: this.authHeaders });
  }

  async listRuns(query: RunQuery, signal: AbortSignal): Promise<Listed<CiRun>> {
    const limit = query.limit ?? 20;
    const first = { path: `${this.projectPath}/pipelines`, query: { ref: query.branch, per_page: Math.min(limit, 100), order_by: 'id', sort: 'desc' }, signal };
    const runs: CiRun[] = [];
    let unchanged = true;
    for await (const page of pagesByLink(this.client, first, gitlabPipelinesSchema, { maxPages: Math.ceil(limit / 100) + 1 })) {
      this.note(page);
      unchanged &&= page.notModified;
      runs.push(...page.body.map(toCiRun));
      if (runs.length >= limit) break;
    }
    return { items: runs.slice(0, limit), unchanged };
  }

  async listJobs(run: CiRun, signal: AbortSignal): Promise<Listed<CiJob>> {
    const first = { path: `${this.projectPath}/pipelines/${encodeURIComponent(run.id)}/jobs`, query: { per_page: 100 }, signal };
    const jobs: CiJob[] = [];
    let unchanged = true;
    for await (const page of pagesByLink(this.client, first, gitlabJobsSchema, { maxPages: 10 })) {
      this.note(page);
      unchanged &&= page.notModified;
      jobs.push(...page.body.map((job) => toCiJob(job, run.id)));
    }
    return { items: jobs, unchanged };
  }

  async readLog(target: LogTarget, signal: AbortSignal): Promise<LogChunk> {
    const max = this.options.maxLogBytes ?? 50 * 1024 * 1024;
    const chunk = await this.streamWith(target, 0, max, signal);
    if (!chunk.complete && isFinished(this.jobOf(target).status)) {
      chunk.notice = { kind: 'truncated', message: `The log is larger than ${Math.round(max / 1024 / 1024)} MB; only the first part is shown.` };
    }
    return chunk;
  }

  streamLog(target: LogTarget, offset: number, signal: AbortSignal): Promise<LogChunk> {
    return this.streamWith(target, offset, this.options.streamChunkBytes ?? 4 * 1024 * 1024, signal);
  }

  triggerTargets(): Promise<TriggerTarget[]> {
    return Promise.resolve([{ id: pipelineTarget, label: `Pipeline of ${this.label}`, inputs: [], freeVariables: true }]);
  }

  async trigger(request: TriggerRequest, signal: AbortSignal): Promise<void> {
    if (request.target !== pipelineTarget) throw new DevopsError('not-found', `GitLab starts pipelines only, not "${request.target}".`);
    checkTriggerInputs({ id: pipelineTarget, label: this.label, inputs: [], freeVariables: true }, request.inputs);
    const variables = Object.entries(request.inputs).map(([key, value]) => ({ key, value, variable_type: 'env_var' }));
    this.note(await this.client.json({ path: `${this.projectPath}/pipeline`, method: 'POST', body: { ref: request.ref, variables }, signal }, gitlabPipelineSchema));
  }

  async rerun(run: CiRun, scope: 'failed' | 'all', signal: AbortSignal): Promise<void> {
    if (scope === 'failed') {
      this.note(await this.client.json({ path: `${this.projectPath}/pipelines/${encodeURIComponent(run.id)}/retry`, method: 'POST', signal }, gitlabPipelineSchema));
      return;
    }
    if (!run.branch) throw new DevopsError('invalid-data', `Pipeline ${run.id} names no ref to run again.`);
    await this.trigger({ target: pipelineTarget, ref: run.branch, inputs: {} }, signal);
  }

  async cancel(run: CiRun, signal: AbortSignal): Promise<void> {
    this.note(await this.client.json({ path: `${this.projectPath}/pipelines/${encodeURIComponent(run.id)}/cancel`, method: 'POST', signal }, gitlabPipelineSchema));
  }

  /** A manual job: POST /jobs/:id/play starts it (GitLab answers with the job, now pending). */
  async playJob(job: CiJob, signal: AbortSignal): Promise<void> {
    this.note(await this.client.request({ path: `${this.projectPath}/jobs/${encodeURIComponent(job.id)}/play`, method: 'POST', signal, responseType: 'text' }));
  }

  /** The token's user (GET /user), asked once. */
  currentUser(signal: AbortSignal): Promise<string | undefined> {
    return this.username.get(signal);
  }

  rateBudget(): RateBudget | undefined {
    return this.budget.budget;
  }

  dispose(): void {
    this.client.close();
  }

  private async streamWith(target: LogTarget, offset: number, chunkBytes: number, signal: AbortSignal): Promise<LogChunk> {
    const job = this.jobOf(target);
    const jobPath = `${this.projectPath}/jobs/${encodeURIComponent(job.id)}`;
    const url = new URL(`${this.baseUrl}${jobPath}/trace`);
    const finished = isFinished(job.status);
    const readJob: JobReader = (jobSignal) =>
      this.client.json({ path: jobPath, signal: jobSignal }, gitlabJobSchema).then(
        (answer) => answer.body,
        (error: unknown) => {
          if (HttpError.isHttp(error) && error.status === 404) return undefined;
          throw error;
        },
      );
    let chunk: LogChunk;
    try {
      chunk = await readTrace({ url, credentials: await this.authHeaders(url.origin, signal), network: this.options.network, offset, chunkBytes, finished, signal, timeoutMs: logTimeoutMs(this.options), now: this.options.now, ca: await loadCa(this.options.caFile) });
    } catch (error) {
      const notice = await goneTraceNotice(error, offset, finished, readJob, signal);
      if (notice) return notice;
      throw error;
    }
    return erasedEmptyNotice(chunk, readJob, signal);
  }

  private jobOf(target: LogTarget): CiJob {
    if (!target.job) throw new DevopsError('invalid-data', 'GitLab keeps logs per job; pick a job of the pipeline.');
    return target.job;
  }

  private note(response: HttpResponse<unknown>): void {
    this.budget.note(response.headers);
  }
}

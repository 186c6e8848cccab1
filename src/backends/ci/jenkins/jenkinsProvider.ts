import { checkTriggerInputs } from '../../../core/ci/ciProvider';
import type { CiProvider } from '../../../core/ci/ciProvider';
import type { CiJob, CiRun, Listed, LogChunk, LogTarget, RunQuery, TriggerRequest, TriggerTarget } from '../../../core/ci/ciTypes';
import { DevopsError } from '../../../core/errors';
import { apiBaseUrl, createApiClient, credentialHeaders, logTimeoutMs } from '../../http/apiConnection';
import type { ApiClientShape, ApiConnectionOptions, CredentialHeaders } from '../../http/apiConnection';
import type { HttpClient, HttpRequest } from '../../http/httpClient';
import { HttpError } from '../../http/httpErrors';
import { buildParameters, toCiJobs, toCiRun, toTriggerInputs, wfRunNumber, wfStatus } from './jenkinsMapping';
import { jenkinsBuildSchema, jenkinsBuildsSchema, jenkinsCrumbSchema, jenkinsParametersSchema, wfPendingInputsSchema, wfRunSchema, wfRunsSchema } from './jenkinsSchemas';
import { loadCa } from '../logFetch';
import { readProgressive } from './jenkinsProgressiveLog';
import { StageSteps } from './jenkinsStageSteps';

// Jenkins over its remote access API: builds of one job, pipeline stages (wfapi), the
// console read progressively from X-Text-Size, builds with parameters (with a CSRF
// crumb when the server asks for one), stop. User + API token, HTTP Basic.

/** Jenkins user and API token (HTTP Basic). */
export interface JenkinsCredentials {
  /** The user id, as builds name it in their cause. */
  user: string;
  /** An API token of that user. */
  token: string;
}

/** baseUrl: the Jenkins root URL with its context path, https://ci.example.com/jenkins (required). */
export interface JenkinsOptions extends ApiConnectionOptions {
  baseUrl: string;
  /** Job path with folders: "team/app" (→ /job/team/job/app). */
  job: string;
  /** User and API token for the origin asked, per call; never logged. */
  credentials: (origin: string, signal: AbortSignal) => Promise<JenkinsCredentials | undefined>;
  /** Largest console kept; default 50 MB. */
  maxLogBytes?: number;
  /** Most bytes one streamed read brings; default 4 MB. */
  streamChunkBytes?: number;
}

const buildTree = 'builds[number,url,result,building,timestamp,duration,displayName,actions[causes[userId,userName,shortDescription],lastBuiltRevision[SHA1,branch[name]],parameters[name,value]]]';

export class JenkinsProvider implements CiProvider {
  readonly id = 'jenkins';
  readonly label: string;
  private readonly client: HttpClient;
  private readonly postClient: HttpClient;
  private readonly jobPath: string;
  private readonly root: string;
  private readonly authHeaders: CredentialHeaders;
  private readonly stageSteps: StageSteps;

  constructor(private readonly options: JenkinsOptions) {
    this.label = options.job;
    this.root = apiBaseUrl(options, options.baseUrl);
    this.jobPath = '/' + options.job.split('/').filter(Boolean).map((part) => `job/${encodeURIComponent(part)}`).join('/');
    this.authHeaders = credentialHeaders(options.credentials, (c) => ({ authorization: `Basic ${Buffer.from(`${c.user}:${c.token}`).toString('base64')}` }));
    // Jenkins sends no ETags on api/json; the model compares answers instead.
    const shape: ApiClientShape = { defaultBaseUrl: this.root, etagCache: false, auth: this.authHeaders };
    this.client = createApiClient(options, shape);
    // Build and stop answer with a redirect to an HTML page: that answer is the success.
    this.postClient = createApiClient(options, { ...shape, maxRedirects: 0 });
    this.stageSteps = new StageSteps(this.client, this.jobPath);
  }

  async listRuns(query: RunQuery, signal: AbortSignal): Promise<Listed<CiRun>> {
    const limit = query.limit ?? 20;
    // Branch filtering is client-side: fetch more so a busy job still shows enough of one branch.
    const fetched = query.branch ? Math.min(limit * 5, 100) : limit;
    const listed = await this.client.json({ path: `${this.jobPath}/api/json`, query: { tree: `${buildTree}{0,${fetched}}` }, signal }, jenkinsBuildsSchema);
    let runs = listed.body.builds.map((build) => toCiRun(build, this.label));
    if (query.branch) runs = runs.filter((run) => run.branch === query.branch);
    runs = runs.slice(0, limit);
    if (runs.some((run) => run.status === 'running')) await this.markWaiting(runs, signal);
    return { items: runs, unchanged: false };
  }

  async listJobs(run: CiRun, signal: AbortSignal): Promise<Listed<CiJob>> {
    try {
      const described = await this.client.json({ path: `${this.jobPath}/${encodeURIComponent(run.id)}/wfapi/describe`, signal }, wfRunSchema);
      const jobs = toCiJobs(described.body, run.id, run.url);
      const stageIds = (described.body.stages ?? []).map((stage) => stage.id);
      return { items: await this.stageSteps.fill(run, stageIds, jobs, signal), unchanged: false };
    } catch (error) {
      // A freestyle job has no stages: the build is its one job.
      if (!DevopsError.is(error, 'not-found')) throw error;
      return { items: [{ id: `${run.id}/build`, runId: run.id, name: 'build', status: run.status, steps: [], ...(run.url ? { url: run.url } : {}) }], unchanged: false };
    }
  }

  async readLog(target: LogTarget, signal: AbortSignal): Promise<LogChunk> {
    const max = this.options.maxLogBytes ?? 50 * 1024 * 1024;
    const chunk = await this.progressive(target, 0, max, signal);
    if (chunk.nextOffset >= max && !chunk.complete) chunk.notice = { kind: 'truncated', message: `The console is larger than ${Math.round(max / 1024 / 1024)} MB; only the first part is shown.` };
    return chunk;
  }

  streamLog(target: LogTarget, offset: number, signal: AbortSignal): Promise<LogChunk> {
    return this.progressive(target, offset, this.options.streamChunkBytes ?? 4 * 1024 * 1024, signal);
  }

  async triggerTargets(_ref: string, signal: AbortSignal): Promise<TriggerTarget[]> {
    const tree = 'property[parameterDefinitions[name,type,description,choices,defaultParameterValue[value]]]';
    const listed = await this.client.json({ path: `${this.jobPath}/api/json`, query: { tree }, signal }, jenkinsParametersSchema);
    return [{ id: this.options.job, label: this.label, inputs: toTriggerInputs(listed.body), freeVariables: false }];
  }

  async trigger(request: TriggerRequest, signal: AbortSignal): Promise<void> {
    const [target] = await this.triggerTargets(request.ref, signal);
    if (request.target !== target.id) throw new DevopsError('not-found', `This provider starts "${target.id}" only.`);
    checkTriggerInputs(target, request.inputs);
    const action = target.inputs.length > 0 ? 'buildWithParameters' : 'build';
    await this.post({ path: `${this.jobPath}/${action}`, query: target.inputs.length > 0 ? request.inputs : undefined, signal });
  }

  /** Jenkins runs a whole build again (with the same parameters); it cannot rerun only the failed stages. */
  async rerun(run: CiRun, _scope: 'failed' | 'all', signal: AbortSignal): Promise<void> {
    const build = await this.client.json({ path: `${this.jobPath}/${encodeURIComponent(run.id)}/api/json`, query: { tree: 'number,actions[parameters[name,value]]' }, signal }, jenkinsBuildSchema);
    const parameters = buildParameters(build.body);
    const action = Object.keys(parameters).length > 0 ? 'buildWithParameters' : 'build';
    await this.post({ path: `${this.jobPath}/${action}`, query: parameters, signal });
  }

  /** The first input the build waits for, answered with proceedEmpty or abort (an input with parameters is answered in Jenkins). */
  async answerInput(run: CiRun, proceed: boolean, signal: AbortSignal): Promise<string> {
    const build = `${this.jobPath}/${encodeURIComponent(run.id)}`;
    const pending = (await this.client.json({ path: `${build}/wfapi/pendingInputActions`, signal, conditional: false }, wfPendingInputsSchema)).body;
    const input = pending[0];
    if (!input) throw new DevopsError('conflict', `#${run.id} waits for no input any more.`);
    if (proceed && (input.inputs ?? []).length > 0) throw new DevopsError('invalid-data', `The input of #${run.id} ("${input.message ?? input.id}") asks for values: answer it in Jenkins.`);
    await this.post({ path: `${build}/input/${encodeURIComponent(input.id)}/${proceed ? 'proceedEmpty' : 'abort'}`, signal });
    return input.message ?? input.id;
  }

  async cancel(run: CiRun, signal: AbortSignal): Promise<void> {
    await this.post({ path: `${this.jobPath}/${encodeURIComponent(run.id)}/stop`, signal });
  }

  /** The configured user: builds started by them name this id in their cause. */
  async currentUser(signal: AbortSignal): Promise<string | undefined> {
    return (await this.options.credentials(new URL(this.root).origin, signal))?.user;
  }

  dispose(): void {
    this.client.close();
    this.postClient.close();
  }

  private async progressive(target: LogTarget, start: number, maxBytes: number, signal: AbortSignal): Promise<LogChunk> {
    const url = new URL(`${this.root}${this.jobPath}/${encodeURIComponent(target.run.id)}/logText/progressiveText`);
    return readProgressive({ url, credentials: await this.authHeaders(url.origin, signal), network: this.options.network, start, maxBytes, signal, timeoutMs: logTimeoutMs(this.options), now: this.options.now, ca: await loadCa(this.options.caFile) });
  }

  // wfapi/runs knows PAUSED_PENDING_INPUT (an input step waits for a person); api/json does not.
  private async markWaiting(runs: CiRun[], signal: AbortSignal): Promise<void> {
    try {
      const described = await this.client.json({ path: `${this.jobPath}/wfapi/runs`, signal }, wfRunsSchema);
      for (const wf of described.body) {
        const run = runs.find((candidate) => candidate.number === wfRunNumber(wf));
        if (run && run.status === 'running' && wfStatus(wf.status) === 'waiting') {
          run.status = 'waiting';
          run.rawStatus = wf.status ?? run.rawStatus;
        }
      }
    } catch (error) {
      if (!DevopsError.is(error, 'not-found')) throw error;
    }
  }

  private async post(request: HttpRequest): Promise<void> {
    const crumb = await this.crumb(request.signal);
    try {
      await this.postClient.request({ ...request, method: 'POST', responseType: 'text', headers: { ...request.headers, ...crumb } });
    } catch (error) {
      const redirected = HttpError.isHttp(error) && error.detail === 'redirect-refused' && error.status !== undefined && error.status >= 300 && error.status < 400;
      if (!redirected) throw error;
    }
  }

  private async crumb(signal: AbortSignal | undefined): Promise<Record<string, string>> {
    try {
      const answer = await this.client.json({ path: '/crumbIssuer/api/json', signal }, jenkinsCrumbSchema);
      // The crumb belongs to the session that fetched it.
      const cookie = answer.headers['set-cookie']?.split(';')[0];
      return { [answer.body.crumbRequestField]: answer.body.crumb, ...(cookie ? { cookie } : {}) };
    } catch (error) {
      if (DevopsError.is(error, 'not-found')) return {};
      throw error;
    }
  }
}

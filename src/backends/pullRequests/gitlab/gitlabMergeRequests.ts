import type * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import type { MergeMethod, MergeOutcome, MergeRequest, NewPullRequest, PullRequest, PullRequestProvider, PullRequestRead, RepositorySettings } from '../../../core/pullRequests/pullRequestTypes';
import { stillSettling } from '../../../core/pullRequests/pullRequestSummary';
import { createApiClient, credentialHeaders } from '../../http/apiConnection';
import type { ApiConnectionOptions, TokenSource } from '../../http/apiConnection';
import { gitlabApiBase, gitlabDefaultApiBase } from '../../http/gitlabApiBase';
import type { HttpClient } from '../../http/httpClient';
import { HttpError } from '../../http/httpErrors';
import { collectPages, pagesByLink } from '../../http/pagination';
import { refusing } from '../hostRefusal';
import { gitlabChecks, toMergeRequest } from './gitlabMergeMapping';
import type { GitlabMergeRequest } from './gitlabMergeSchemas';
import { gitlabApprovalsSchema, gitlabDiscussionListSchema, gitlabMergeRequestListSchema, gitlabMergeRequestSchema, gitlabPipelineJobListSchema, gitlabProjectSchema } from './gitlabMergeSchemas';

// Merge requests over GitLab's REST API (PRIVATE-TOKEN of the server). A poll lists the
// branch's requests conditionally; the request itself, approvals, discussions and the head
// pipeline's jobs are read again only when that list changed or the pipeline still runs.

export interface GitlabMergeRequestsOptions extends ApiConnectionOptions {
  /** group/project path or numeric id. */
  project: string;
  token: TokenSource;
}

interface Known {
  iid: number;
  pr: PullRequest;
}

export class GitlabMergeRequests implements PullRequestProvider {
  readonly id = 'gitlab';
  readonly noun = 'merge request';
  readonly label: string;
  private readonly client: HttpClient;
  private readonly projectPath: string;
  private known: Known | undefined;

  constructor(options: GitlabMergeRequestsOptions) {
    this.label = options.project;
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
    const auth = credentialHeaders(options.token, (token) => ({ 'private-token': token }), 'Set a GitLab token to see merge requests.');
    this.client = createApiClient({ ...options, baseUrl: gitlabApiBase(options.baseUrl) }, { defaultBaseUrl: gitlabDefaultApiBase, auth });
  }

  async findForBranch(branch: string, _headOwner: string | undefined, signal: AbortSignal): Promise<PullRequestRead> {
    // Requests from forks are listed in the target project too, by their source branch.
    const query = { source_branch: branch, order_by: 'updated_at', sort: 'desc', per_page: 20 };
    const listed = await this.client.json({ path: `${this.projectPath}/merge_requests`, query, signal }, gitlabMergeRequestListSchema);
    const listedMr = listed.body.find((mr) => mr.state === 'opened') ?? listed.body[0];
    if (listedMr === undefined) {
      const unchanged = listed.notModified && this.known === undefined;
      this.known = undefined;
      return { pullRequest: undefined, unchanged };
    }
    const before = this.known?.iid === listedMr.iid ? this.known : undefined;
    const changed = before === undefined || !listed.notModified;
    const watching = before !== undefined && stillSettling(before.pr);
    if (!changed && !watching) return { pullRequest: before.pr, unchanged: true };
    const mr = (await this.client.json({ path: this.mrPath(listedMr.iid), signal }, gitlabMergeRequestSchema)).body;
    const checks = mr.head_pipeline ? gitlabChecks(await this.jobs(mr.head_pipeline.id, signal), mr.head_pipeline.id) : [];
    const approvals = changed ? await this.approvals(mr, signal) : { approvedBy: before.pr.approvedBy, approvalsLeft: undefined };
    const unresolvedThreads = changed ? await this.unresolvedThreads(mr, signal) : before.pr.unresolvedThreads;
    const pr = toMergeRequest({ mr, checks, ...approvals, unresolvedThreads });
    this.known = { iid: mr.iid, pr };
    return { pullRequest: pr, unchanged: before !== undefined && JSON.stringify(before.pr) === JSON.stringify(pr) };
  }

  private async projectId(signal: AbortSignal): Promise<number> {
    const project = (await this.client.json({ path: this.projectPath, signal }, gitlabProjectSchema)).body;
    if (project.id === undefined) throw new DevopsError('invalid-data', `GitLab named no id for ${this.label}: the merge request from the fork cannot name its target`);
    return project.id;
  }

  async settings(signal: AbortSignal): Promise<RepositorySettings> {
    const project = (await this.client.json({ path: this.projectPath, signal }, gitlabProjectSchema)).body;
    // merge_method (merge, rebase_merge, ff) is the project's; the request only chooses whether to squash.
    const squash = project.squash_option ?? 'default_off';
    const methods: MergeMethod[] = squash === 'always' ? ['squash'] : squash === 'never' ? ['merge'] : squash === 'default_on' ? ['squash', 'merge'] : ['merge', 'squash'];
    return { defaultBranch: project.default_branch ?? 'main', mergeMethods: methods };
  }

  async create(request: NewPullRequest, signal: AbortSignal): Promise<PullRequest> {
    // GitLab marks drafts by the title prefix.
    const title = request.draft && !/^draft:/i.test(request.title) ? `Draft: ${request.title}` : request.title;
    const body: Record<string, unknown> = { source_branch: request.headBranch, target_branch: request.baseBranch, title, description: request.body };
    // A fork's branch: GitLab opens the request in the fork's project, aimed at this one by its numeric id.
    const fork = request.headRepository;
    if (fork !== undefined) body.target_project_id = await this.projectId(signal);
    const path = fork === undefined ? `${this.projectPath}/merge_requests` : `/projects/${encodeURIComponent(fork)}/merge_requests`;
    // From a fork, 403 and 404 say the token may not open requests there (or cannot see the fork).
    const refusals = fork === undefined ? { 409: 'invalid', 422: 'invalid' } as const : { 403: 'invalid', 404: 'invalid', 409: 'invalid', 422: 'invalid' } as const;
    const created = await refusing(this.client.json({ path, method: 'POST', body, signal }, gitlabMergeRequestSchema), refusals, `GitLab did not open the merge request${fork === undefined ? '' : ` from the fork ${fork}`}`);
    this.known = undefined;
    return toMergeRequest({ mr: created.body, checks: [], approvedBy: [] });
  }

  async merge(pullRequest: PullRequest, request: MergeRequest, signal: AbortSignal): Promise<MergeOutcome> {
    const body = { sha: request.expectedHeadSha, squash: request.method === 'squash', should_remove_source_branch: request.deleteBranch === true };
    // 405: not mergeable now (draft, closed, pipeline); 406 and 422: conflicts ("Branch cannot be merged"); 409: the head moved.
    const statuses = { 405: 'not-mergeable', 406: 'not-mergeable', 422: 'not-mergeable', 409: 'head-changed' } as const;
    const merged = await refusing(this.client.json({ path: `${this.mrPath(pullRequest.number)}/merge`, method: 'PUT', body, signal }, gitlabMergeRequestSchema), statuses, `GitLab did not merge ${pullRequest.reference}`);
    this.known = undefined;
    return { commit: merged.body.squash_commit_sha ?? merged.body.merge_commit_sha ?? undefined, branchDeleted: request.deleteBranch === true };
  }

  async deleteBranch(branch: string, signal: AbortSignal): Promise<void> {
    await this.client.request({ path: `${this.projectPath}/repository/branches/${encodeURIComponent(branch)}`, method: 'DELETE', signal, responseType: 'text' }).catch((error: unknown) => {
      // Gone already is what was asked.
      if (!(HttpError.isHttp(error) && error.status === 404)) throw error;
    });
  }

  dispose(): void {
    this.client.close();
  }

  private mrPath(iid: number): string {
    return `${this.projectPath}/merge_requests/${iid}`;
  }

  private async jobs(pipelineId: number, signal: AbortSignal): Promise<z.output<typeof gitlabPipelineJobListSchema>> {
    const first = { path: `${this.projectPath}/pipelines/${pipelineId}/jobs`, query: { per_page: 100 }, signal };
    return (await collectPages(pagesByLink(this.client, first, gitlabPipelineJobListSchema, { maxPages: 5 }), (page) => page)).items;
  }

  private async approvals(mr: GitlabMergeRequest, signal: AbortSignal): Promise<{ approvedBy: string[]; approvalsLeft?: number }> {
    const answer = (await this.client.json({ path: `${this.mrPath(mr.iid)}/approvals`, signal }, gitlabApprovalsSchema)).body;
    return { approvedBy: (answer.approved_by ?? []).map((a) => a.user.username), approvalsLeft: answer.approvals_left ?? undefined };
  }

  private async unresolvedThreads(mr: GitlabMergeRequest, signal: AbortSignal): Promise<number> {
    const first = { path: `${this.mrPath(mr.iid)}/discussions`, query: { per_page: 100 }, signal };
    const discussions = await collectPages(pagesByLink(this.client, first, gitlabDiscussionListSchema, { maxPages: 10 }), (page) => page);
    return discussions.items.filter((d) => (d.notes ?? []).some((note) => note.resolvable === true && note.resolved !== true)).length;
  }
}

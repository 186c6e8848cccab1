import type { MergeOutcome, MergeRequest, NewPullRequest, PullRequest, PullRequestProvider, PullRequestRead, RepositorySettings } from '../../../core/pullRequests/pullRequestTypes';
import { reviewDecisionOf, stillSettling } from '../../../core/pullRequests/pullRequestSummary';
import { DevopsError } from '../../../core/errors';
import { apiBaseUrl, bearerHeader, createApiClient, credentialHeaders } from '../../http/apiConnection';
import type { ApiConnectionOptions, TokenSource } from '../../http/apiConnection';
import type { HttpClient } from '../../http/httpClient';
import { HttpError } from '../../http/httpErrors';
import { collectPages, pagesByLink } from '../../http/pagination';
import type { CollectedPages } from '../../http/pagination';
import { refusing } from '../hostRefusal';
import { githubChecks, toPullRequest } from './githubPullMapping';
import type { GithubCheckRuns, GithubPull } from './githubPullSchemas';
import { githubBranchSchema, githubCheckRunsSchema, githubMergeResultSchema, githubPullListSchema, githubPullSchema, githubRepositorySchema, githubReviewListSchema, githubThreadsSchema } from './githubPullSchemas';

// Pull requests over GitHub's REST API. A poll starts with one conditional list of the
// branch's pulls; the rest (the pull itself for mergeability, reviews, check runs, the base
// branch's required checks) is read again only when that list changed or checks still run,
// each conditionally, so a quiet pull costs one 304. Unresolved review threads exist only
// in the GraphQL API: asked once per change of the pull.

export interface GithubPullRequestsOptions extends ApiConnectionOptions {
  owner: string;
  repo: string;
  token: TokenSource;
}

/** What the last read learned, so a poll asks again only for what can have changed. */
interface Known {
  /** The pull as listed. */
  pull: GithubPull;
  /** The pull as read alone (with mergeability). */
  detail: GithubPull;
  required: Set<string>;
  pr: PullRequest;
}

const defaultBaseUrl = 'https://api.github.com';

export class GithubPullRequests implements PullRequestProvider {
  readonly id = 'github';
  readonly noun = 'pull request';
  readonly label: string;
  private readonly client: HttpClient;
  private readonly repoPath: string;
  private known: Known | undefined;

  constructor(private readonly options: GithubPullRequestsOptions) {
    this.label = `${options.owner}/${options.repo}`;
    this.repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
    const auth = credentialHeaders(options.token, bearerHeader, 'Sign in to GitHub to see pull requests.');
    this.client = createApiClient(options, { defaultBaseUrl, headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }, auth });
  }

  async findForBranch(branch: string, headOwner: string | undefined, signal: AbortSignal): Promise<PullRequestRead> {
    const head = `${headOwner ?? this.options.owner}:${branch}`;
    const listed = await this.client.json({ path: `${this.repoPath}/pulls`, query: { head, state: 'all', sort: 'updated', direction: 'desc', per_page: 20 }, signal }, githubPullListSchema);
    // An open pull wins over closed ones of the same branch; among those, the newest.
    const pull = listed.body.find((p) => p.state === 'open') ?? listed.body[0];
    if (pull === undefined) {
      const unchanged = listed.notModified && this.known === undefined;
      this.known = undefined;
      return { pullRequest: undefined, unchanged };
    }
    const before = this.known?.pull.number === pull.number ? this.known : undefined;
    const pullChanged = before === undefined || !listed.notModified;
    const watching = before !== undefined && stillSettling(before.pr);
    if (!pullChanged && !watching) return { pullRequest: before.pr, unchanged: true };
    // Required checks change with the base branch's protection: read with the pull, not on every check poll.
    const required = pullChanged ? await this.requiredChecks(pull.base.ref, signal) : before.required;
    const runs = await this.checkRuns(pull, signal);
    const checks = githubChecks(runs.items, required);
    // Mergeability follows the checks (blocked, unstable, clean): asked again when they changed.
    const again = pullChanged || !runs.allNotModified || before.pr.mergeability === 'unknown';
    const detail = again ? (await this.client.json({ path: `${this.repoPath}/pulls/${pull.number}`, signal }, githubPullSchema)).body : before.detail;
    const checksBlock = checks.some((c) => c.required && c.status !== 'succeeded' && c.status !== 'skipped');
    const reviews = pullChanged ? await this.reviews(detail, checksBlock, signal) : { decision: before.pr.reviewDecision, approvedBy: before.pr.approvedBy };
    const unresolvedThreads = pullChanged ? await this.unresolvedThreads(pull.number, signal) : before.pr.unresolvedThreads;
    const pr = toPullRequest({ pull: detail, checks, reviewDecision: reviews.decision, approvedBy: reviews.approvedBy, unresolvedThreads });
    this.known = { pull, detail, required, pr };
    return { pullRequest: pr, unchanged: before !== undefined && JSON.stringify(before.pr) === JSON.stringify(pr) };
  }

  async settings(signal: AbortSignal): Promise<RepositorySettings> {
    const repo = (await this.client.json({ path: this.repoPath, signal }, githubRepositorySchema)).body;
    const methods = ([['merge', repo.allow_merge_commit], ['squash', repo.allow_squash_merge], ['rebase', repo.allow_rebase_merge]] as const)
      .filter(([, allowed]) => allowed !== false)
      .map(([method]) => method);
    return { defaultBranch: repo.default_branch, mergeMethods: methods };
  }

  async create(request: NewPullRequest, signal: AbortSignal): Promise<PullRequest> {
    const head = request.headOwner === undefined ? request.headBranch : `${request.headOwner}:${request.headBranch}`;
    const body = { title: request.title, body: request.body, head, base: request.baseBranch, draft: request.draft };
    const created = await refusing(this.client.json({ path: `${this.repoPath}/pulls`, method: 'POST', body, signal }, githubPullSchema), { 422: 'invalid' }, 'GitHub did not open the pull request');
    this.known = undefined;
    return toPullRequest({ pull: created.body, checks: [], reviewDecision: 'none', approvedBy: [] });
  }

  async merge(pullRequest: PullRequest, request: MergeRequest, signal: AbortSignal): Promise<MergeOutcome> {
    const body = { merge_method: request.method, sha: request.expectedHeadSha };
    const path = `${this.repoPath}/pulls/${pullRequest.number}/merge`;
    const statuses = { 405: 'not-mergeable', 409: 'head-changed', 422: 'invalid' } as const;
    const merged = await refusing(this.client.json({ path, method: 'PUT', body, signal }, githubMergeResultSchema), statuses, `GitHub did not merge ${pullRequest.reference}`);
    this.known = undefined;
    return { commit: merged.body.sha ?? undefined, branchDeleted: false };
  }

  async deleteBranch(branch: string, signal: AbortSignal): Promise<void> {
    const path = `${this.repoPath}/git/refs/heads/${branch.split('/').map(encodeURIComponent).join('/')}`;
    // 422 "Reference does not exist": the branch is gone already, which is what was asked.
    await this.client.request({ path, method: 'DELETE', signal, responseType: 'text' }).catch((error: unknown) => {
      if (!(HttpError.isHttp(error) && error.status === 422)) throw error;
    });
  }

  dispose(): void {
    this.client.close();
  }

  private async checkRuns(pull: GithubPull, signal: AbortSignal): Promise<CollectedPages<GithubCheckRuns['check_runs'][number]>> {
    const first = { path: `${this.repoPath}/commits/${encodeURIComponent(pull.head.sha)}/check-runs`, query: { per_page: 100 }, signal };
    return collectPages(pagesByLink(this.client, first, githubCheckRunsSchema, { maxPages: 5 }), (page) => page.check_runs);
  }

  /** The base branch's required status checks; none when it is unprotected or the token may not read it. */
  private async requiredChecks(base: string, signal: AbortSignal): Promise<Set<string>> {
    try {
      const branch = (await this.client.json({ path: `${this.repoPath}/branches/${base.split('/').map(encodeURIComponent).join('/')}`, signal }, githubBranchSchema)).body;
      const required = branch.protection?.required_status_checks;
      return new Set([...(required?.contexts ?? []), ...(required?.checks ?? []).map((c) => c.context)]);
    } catch (error) {
      if (DevopsError.is(error, 'not-found') || DevopsError.is(error, 'forbidden')) return new Set();
      throw error;
    }
  }

  private async reviews(pull: GithubPull, checksBlock: boolean, signal: AbortSignal): Promise<ReturnType<typeof reviewDecisionOf>> {
    const first = { path: `${this.repoPath}/pulls/${pull.number}/reviews`, query: { per_page: 100 }, signal };
    const reviews = await collectPages(pagesByLink(this.client, first, githubReviewListSchema, { maxPages: 5 }), (page) => page);
    const events = reviews.items.flatMap((review) => (review.user ? [{ user: review.user.login, state: review.state }] : []));
    // REST tells no review decision; "blocked" while no required check blocks it is a missing review.
    const blockedByReview = pull.mergeable_state === 'blocked' && !checksBlock;
    return reviewDecisionOf(events, blockedByReview || (pull.requested_reviewers ?? []).length > 0);
  }

  private async unresolvedThreads(number: number, signal: AbortSignal): Promise<number | undefined> {
    const query = 'query($owner:String!,$repo:String!,$number:Int!){repository(owner:$owner,name:$repo){pullRequest(number:$number){reviewThreads(first:100){nodes{isResolved}}}}}';
    try {
      const answer = await this.client.json({ path: this.graphqlUrl(), method: 'POST', body: { query, variables: { owner: this.options.owner, repo: this.options.repo, number } }, signal }, githubThreadsSchema);
      const nodes = answer.body.data?.repository?.pullRequest?.reviewThreads.nodes;
      return nodes?.filter((node) => !node.isResolved).length;
    } catch (error) {
      // The count is a detail: a GraphQL failure (scopes, an old GHES) leaves it unknown, the pull still shows.
      if (HttpError.isHttp(error) && error.detail !== 'cancelled') return undefined;
      throw error;
    }
  }

  /** api.github.com/graphql, or https://HOST/api/graphql for GitHub Enterprise Server (REST at /api/v3). */
  private graphqlUrl(): string {
    const base = apiBaseUrl(this.options, defaultBaseUrl);
    return /\/api\/v3$/.test(base) ? base.replace(/\/v3$/, '/graphql') : `${base}/graphql`;
  }
}

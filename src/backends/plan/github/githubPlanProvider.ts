import * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import type { NewPlanItem, PlanItem, PlanProvider, PlanSnapshot } from '../../../core/plan/planProvider';
import { bearerHeader, createApiClient, credentialHeaders } from '../../http/apiConnection';
import type { ApiConnectionOptions, TokenSource } from '../../http/apiConnection';
import type { HttpClient } from '../../http/httpClient';
import { collectPages, pagesByLink } from '../../http/pagination';
import { LabelStatusMap, nearestDue, pointsFromLabels } from '../labelStatus';
import type { LabelStatusOptions } from '../labelStatus';
import { githubIssueSchema, githubMilestoneSchema, githubUserSchema } from './githubSchemas';
import type { GithubIssue, GithubMilestone } from './githubSchemas';

// Plan from GitHub: the issues of one repository in the sprint's milestone (a named
// one, or the open milestone with the nearest due date). Status comes from labels and
// open/closed; the token comes from the caller (VS Code's github auth provider).

/** baseUrl: https://api.github.com (default), GitHub Enterprise Server: https://HOST/api/v3. */
export interface GithubPlanOptions extends LabelStatusOptions, ApiConnectionOptions {
  /** "owner/repo". */
  repository: string;
  /** The OAuth or personal token, asked for per call so a refreshed session is used. */
  token: TokenSource;
  /** Milestone title; default the open one due soonest. */
  milestone?: string;
}

export class GithubPlanProvider implements PlanProvider {
  readonly id = 'github';
  readonly label: string;
  private readonly http: HttpClient;
  private readonly statusMap: LabelStatusMap;
  private readonly raw = new Map<string, GithubIssue>();
  private milestone: GithubMilestone | undefined;

  constructor(private readonly options: GithubPlanOptions) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository)) throw new DevopsError('invalid-config', `plan.repository should be owner/repo, not "${options.repository}"`);
    this.label = options.repository;
    this.statusMap = new LabelStatusMap(options);
    this.http = createApiClient(options, {
      defaultBaseUrl: 'https://api.github.com',
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      auth: credentialHeaders(options.token, bearerHeader, 'not signed in to GitHub'),
    });
  }

  async load(signal: AbortSignal): Promise<PlanSnapshot> {
    const repo = `/repos/${this.options.repository}`;
    const named = this.options.milestone;
    const milestones = await collectPages(
      pagesByLink(this.http, { path: `${repo}/milestones`, query: { state: named ? 'all' : 'open', sort: 'due_on', direction: 'asc', per_page: 100 }, signal }, z.array(githubMilestoneSchema)),
      (page) => page,
    );
    const milestone = named
      ? milestones.items.find((m) => m.title.toLowerCase() === named.toLowerCase())
      : nearestDue(milestones.items, (m) => m.due_on, this.options.now?.() ?? Date.now());
    if (named && !milestone) throw new DevopsError('not-found', `${this.label} has no milestone "${named}"`);
    this.milestone = milestone;
    if (!milestone) return { sprint: undefined, items: [], unchanged: milestones.allNotModified };
    const issues = await collectPages(
      pagesByLink(this.http, { path: `${repo}/issues`, query: { milestone: milestone.number, state: 'all', per_page: 100 }, signal }, z.array(githubIssueSchema)),
      (page) => page,
    );
    this.raw.clear();
    const items = issues.items.filter((issue) => issue.pull_request === undefined).map((issue) => this.toItem(issue));
    return {
      sprint: { name: milestone.title, end: milestone.due_on?.slice(0, 10), goal: milestone.description ?? undefined, url: milestone.html_url },
      items,
      unchanged: milestones.allNotModified && issues.allNotModified,
    };
  }

  async currentUser(signal: AbortSignal): Promise<string | undefined> {
    return (await this.http.json({ path: '/user', signal }, githubUserSchema)).body.login;
  }

  async setStatus(item: PlanItem, status: string, signal: AbortSignal): Promise<void> {
    const issue = this.issueOf(item);
    const labels = this.statusMap.labelsFor(issue.labels, status);
    await this.patch(issue, { labels, state: this.statusMap.isClosed(status) ? 'closed' : 'open' }, signal);
  }

  async assign(item: PlanItem, assignee: string | undefined, signal: AbortSignal): Promise<void> {
    await this.patch(this.issueOf(item), { assignees: assignee === undefined ? [] : [assignee] }, signal);
  }

  async addItem(draft: NewPlanItem, signal: AbortSignal): Promise<PlanItem> {
    const status = draft.status ?? this.statusMap.openStatus;
    const labels = this.statusMap.labelsFor(draft.labels ?? [], status);
    if (draft.points !== undefined) labels.push(`points: ${draft.points}`);
    const body = { title: draft.title, labels, milestone: this.milestone?.number, assignees: draft.assignee ? [draft.assignee] : undefined };
    const created = await this.http.json({ method: 'POST', path: `/repos/${this.options.repository}/issues`, body, signal }, githubIssueSchema);
    return this.toItem(created.body);
  }

  openUrl(item: PlanItem): string | undefined {
    return item.url;
  }

  dispose(): void {
    this.http.close();
  }

  private async patch(issue: GithubIssue, body: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    const updated = await this.http.json({ method: 'PATCH', path: `/repos/${this.options.repository}/issues/${issue.number}`, body, signal }, githubIssueSchema);
    this.raw.set(`#${updated.body.number}`, updated.body);
  }

  private issueOf(item: PlanItem): GithubIssue {
    const issue = this.raw.get(item.id);
    if (!issue) throw new DevopsError('not-found', `${item.id} is not in the loaded milestone; refresh and try again`);
    return issue;
  }

  private toItem(issue: GithubIssue): PlanItem {
    const id = `#${issue.number}`;
    this.raw.set(id, issue);
    const { status, labels } = this.statusMap.read(issue.labels, issue.state === 'closed');
    const { points, labels: rest } = pointsFromLabels(labels);
    const assignee = issue.assignees?.[0]?.login ?? issue.assignee?.login;
    return { id, title: issue.title, status, assignee, points, labels: rest, description: issue.body ?? undefined, url: issue.html_url };
  }
}

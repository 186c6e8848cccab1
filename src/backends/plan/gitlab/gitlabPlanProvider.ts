import * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import type { NewPlanItem, PlanItem, PlanProvider, PlanSnapshot, SprintInfo } from '../../../core/plan/planProvider';
import { createApiClient, credentialHeaders } from '../../http/apiConnection';
import type { ApiConnectionOptions, TokenSource } from '../../http/apiConnection';
import { gitlabApiBase, gitlabDefaultApiBase } from '../../http/gitlabApiBase';
import type { HttpClient } from '../../http/httpClient';
import { collectPages, pagesByLink } from '../../http/pagination';
import { LabelStatusMap, nearestDue } from '../labelStatus';
import type { LabelStatusOptions } from '../labelStatus';
import { gitlabIssueSchema, gitlabIterationSchema, gitlabMilestoneSchema, gitlabUserSchema } from './gitlabSchemas';
import type { GitlabIssue, GitlabUser } from './gitlabSchemas';

// Plan from GitLab: the issues of one project in the current iteration (Premium) or,
// without one, in the active milestone due soonest (or a named one). Status from
// (scoped) labels and opened/closed, points from the issue weight.

/** baseUrl: the instance URL or its /api/v4 URL; default https://gitlab.com. */
export interface GitlabPlanOptions extends LabelStatusOptions, ApiConnectionOptions {
  /** Numeric project id or "group/project" path. */
  project: string;
  /** The personal access token of the origin asked, per call; never logged. */
  token: TokenSource;
  /** Milestone title; when set, iterations are not looked at. */
  milestone?: string;
}

type Sprint = { kind: 'iteration' | 'milestone'; id: number; info: SprintInfo };

export class GitlabPlanProvider implements PlanProvider {
  readonly id = 'gitlab';
  readonly label: string;
  private readonly http: HttpClient;
  private readonly statusMap: LabelStatusMap;
  private readonly raw = new Map<string, GitlabIssue>();
  private readonly projectPath: string;
  private sprint: Sprint | undefined;
  private me: GitlabUser | undefined;

  constructor(private readonly options: GitlabPlanOptions) {
    this.label = options.project;
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
    this.statusMap = new LabelStatusMap(options);
    this.http = createApiClient(
      { ...options, baseUrl: gitlabApiBase(options.baseUrl) },
      {
        defaultBaseUrl: gitlabDefaultApiBase,
        auth: credentialHeaders(options.token, (token) => ({ 'private-token': token }), 'no GitLab token stored for this server; set one with "DevOps: Set GitLab Token"'),
      },
    );
  }

  async load(signal: AbortSignal): Promise<PlanSnapshot> {
    const sprint = await this.findSprint(signal);
    this.sprint = sprint;
    if (!sprint) return { sprint: undefined, items: [] };
    const filter = sprint.kind === 'iteration' ? { iteration_id: sprint.id } : { milestone: sprint.info.name };
    const issues = await collectPages(
      pagesByLink(this.http, { path: `${this.projectPath}/issues`, query: { ...filter, scope: 'all', per_page: 100 }, signal }, z.array(gitlabIssueSchema)),
      (page) => page,
    );
    this.raw.clear();
    return { sprint: sprint.info, items: issues.items.map((issue) => this.toItem(issue)), unchanged: issues.allNotModified };
  }

  async currentUser(signal: AbortSignal): Promise<string | undefined> {
    this.me = (await this.http.json({ path: '/user', signal }, gitlabUserSchema)).body;
    return this.me.username;
  }

  async setStatus(item: PlanItem, status: string, signal: AbortSignal): Promise<void> {
    const issue = this.issueOf(item);
    const labels = this.statusMap.labelsFor(issue.labels, status);
    const closed = this.statusMap.isClosed(status);
    const stateEvent = closed && issue.state !== 'closed' ? 'close' : !closed && issue.state === 'closed' ? 'reopen' : undefined;
    await this.update(issue, { labels: labels.join(','), state_event: stateEvent }, signal);
  }

  async assign(item: PlanItem, assignee: string | undefined, signal: AbortSignal): Promise<void> {
    // GitLab documents 0 as "unassign all".
    const ids = assignee === undefined ? [0] : [await this.userId(assignee, signal)];
    await this.update(this.issueOf(item), { assignee_ids: ids }, signal);
  }

  async setPoints(item: PlanItem, points: number | undefined, signal: AbortSignal): Promise<void> {
    await this.update(this.issueOf(item), { weight: points ?? null }, signal);
  }

  async addItem(draft: NewPlanItem, signal: AbortSignal): Promise<PlanItem> {
    const labels = this.statusMap.labelsFor(draft.labels ?? [], draft.status ?? this.statusMap.openStatus);
    const sprint = this.sprint;
    const body = {
      title: draft.title,
      labels: labels.join(','),
      weight: draft.points,
      assignee_ids: draft.assignee === undefined ? undefined : [await this.userId(draft.assignee, signal)],
      milestone_id: sprint?.kind === 'milestone' ? sprint.id : undefined,
      // The create call has no iteration field; the /iteration quick action sets it.
      description: sprint?.kind === 'iteration' ? `/iteration *iteration:${sprint.id}` : undefined,
    };
    const created = await this.http.json({ method: 'POST', path: `${this.projectPath}/issues`, body, signal }, gitlabIssueSchema);
    return this.toItem(created.body);
  }

  openUrl(item: PlanItem): string | undefined {
    return item.url;
  }

  dispose(): void {
    this.http.close();
  }

  private async findSprint(signal: AbortSignal): Promise<Sprint | undefined> {
    const now = this.options.now?.() ?? Date.now();
    if (this.options.milestone === undefined) {
      const iteration = await this.currentIteration(signal);
      if (iteration) return iteration;
    }
    const query = this.options.milestone === undefined ? { state: 'active', per_page: 100 } : { title: this.options.milestone, per_page: 100 };
    const milestones = await collectPages(pagesByLink(this.http, { path: `${this.projectPath}/milestones`, query, signal }, z.array(gitlabMilestoneSchema)), (p) => p);
    const milestone = nearestDue(milestones.items, (m) => m.due_date, now);
    if (this.options.milestone !== undefined && !milestone) throw new DevopsError('not-found', `${this.label} has no milestone "${this.options.milestone}"`);
    if (!milestone) return undefined;
    return { kind: 'milestone', id: milestone.id, info: { name: milestone.title, start: milestone.start_date ?? undefined, end: milestone.due_date ?? undefined, goal: milestone.description ?? undefined, url: milestone.web_url } };
  }

  private async currentIteration(signal: AbortSignal): Promise<Sprint | undefined> {
    try {
      const { body } = await this.http.json({ path: `${this.projectPath}/iterations`, query: { state: 'current' }, signal }, z.array(gitlabIterationSchema));
      const it = body[0];
      if (!it) return undefined;
      const name = it.title ?? `Iteration ${it.start_date ?? ''}–${it.due_date ?? ''}`;
      return { kind: 'iteration', id: it.id, info: { name, start: it.start_date ?? undefined, end: it.due_date ?? undefined, goal: it.description ?? undefined, url: it.web_url } };
    } catch (error) {
      // Iterations are a paid feature: without them the project answers 403 or 404; use milestones.
      if (DevopsError.is(error, 'not-found') || DevopsError.is(error, 'forbidden')) return undefined;
      throw error;
    }
  }

  private async userId(username: string, signal: AbortSignal): Promise<number> {
    if (this.me?.username === username) return this.me.id;
    const { body } = await this.http.json({ path: '/users', query: { username }, signal }, z.array(gitlabUserSchema));
    const user = body[0];
    if (!user) throw new DevopsError('not-found', `no GitLab user "${username}"`);
    return user.id;
  }

  private async update(issue: GitlabIssue, body: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    const updated = await this.http.json({ method: 'PUT', path: `${this.projectPath}/issues/${issue.iid}`, body, signal }, gitlabIssueSchema);
    this.raw.set(`#${updated.body.iid}`, updated.body);
  }

  private issueOf(item: PlanItem): GitlabIssue {
    const issue = this.raw.get(item.id);
    if (!issue) throw new DevopsError('not-found', `${item.id} is not in the loaded sprint; refresh and try again`);
    return issue;
  }

  private toItem(issue: GitlabIssue): PlanItem {
    const id = `#${issue.iid}`;
    this.raw.set(id, issue);
    const { status, labels } = this.statusMap.read(issue.labels, issue.state === 'closed');
    const assignee = issue.assignees?.[0]?.username ?? issue.assignee?.username;
    return { id, title: issue.title, status, assignee, points: issue.weight ?? undefined, labels, description: issue.description ?? undefined, url: issue.web_url };
  }
}

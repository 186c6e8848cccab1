import { DevopsError } from '../../../core/errors';
import type { NewPlanItem, PlanItem, PlanProvider, PlanSnapshot } from '../../../core/plan/planProvider';
import { createApiClient } from '../../http/apiConnection';
import type { ApiConnectionOptions } from '../../http/apiConnection';
import type { HttpClient } from '../../http/httpClient';
import { jiraCreatedSchema, jiraIssuePageSchema, jiraSprintPageSchema, jiraTransitionsSchema, jiraUserSchema } from './jiraSchemas';
import type { JiraIssue, JiraSprint, JiraStatus, JiraUser } from './jiraSchemas';

// Plan from Jira: the active sprint of one board through the agile REST API. Status
// changes go through the issue's workflow transitions, never by setting the field.

/** The e-mail (Cloud) and the API token, or a personal access token alone (Data Center). */
export interface JiraCredentials {
  /** Account e-mail; absent for a Data Center personal access token. */
  email?: string;
  /** API token or personal access token. */
  token: string;
}

export interface JiraPlanOptions extends ApiConnectionOptions {
  /** Site URL: https://your-site.atlassian.net or a Data Center base URL. */
  baseUrl: string;
  /** Board id (plan.board). */
  board: number;
  /** Statuses in display order. */
  statuses: readonly string[];
  /** The credentials of the origin asked, per call; never logged. */
  credentials: (origin: string, signal: AbortSignal) => Promise<JiraCredentials | undefined>;
  /** Jira status name → configured status; unlisted names map by status category. */
  statusMap?: Record<string, string>;
  /** Custom field of story points; default customfield_10016 (Cloud's "Story point estimate"). */
  pointsField?: string;
  /** Project key for "Add item"; without it the capability is still offered but refuses. */
  projectKey?: string;
  /** Issue type of added items; default "Task". */
  issueType?: string;
  /** Data Center speaks REST v2 and names users by `name`; default cloud. */
  deployment?: 'cloud' | 'datacenter';
}

export class JiraPlanProvider implements PlanProvider {
  readonly id = 'jira';
  readonly label: string;
  private readonly http: HttpClient;
  private readonly api: string;
  private readonly pointsField: string;
  private sprint: JiraSprint | undefined;
  private me: JiraUser | undefined;

  constructor(private readonly options: JiraPlanOptions) {
    this.label = `board ${options.board}`;
    this.api = options.deployment === 'datacenter' ? '/rest/api/2' : '/rest/api/3';
    this.pointsField = options.pointsField ?? 'customfield_10016';
    this.http = createApiClient(options, {
      defaultBaseUrl: options.baseUrl,
      auth: async (origin, signal) => {
        const stored = await options.credentials(origin, signal);
        if (!stored?.token) throw new DevopsError('unauthorized', 'no Jira API token stored for this site; set one with "DevOps: Set Jira Credentials"');
        const { email, token } = stored;
        return { authorization: email ? `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` : `Bearer ${token}` };
      },
    });
  }

  async load(signal: AbortSignal): Promise<PlanSnapshot> {
    const sprints = await this.http.json({ path: `/rest/agile/1.0/board/${this.options.board}/sprint`, query: { state: 'active' }, signal }, jiraSprintPageSchema);
    // Several active sprints happen on boards shared by teams; the one ending first is "current".
    const sprint = [...sprints.body.values].sort((a, b) => (a.endDate ?? '\uffff').localeCompare(b.endDate ?? '\uffff'))[0];
    this.sprint = sprint;
    if (!sprint) return { sprint: undefined, items: [], unchanged: sprints.notModified };
    const issues = await this.sprintIssues(sprint.id, signal);
    return {
      sprint: { name: sprint.name, start: sprint.startDate?.slice(0, 10), end: sprint.endDate?.slice(0, 10), goal: sprint.goal ?? undefined },
      items: issues.map((issue) => this.toItem(issue)),
    };
  }

  async currentUser(signal: AbortSignal): Promise<string | undefined> {
    this.me = (await this.http.json({ path: `${this.api}/myself`, signal }, jiraUserSchema)).body;
    return this.me.displayName ?? this.me.name;
  }

  async setStatus(item: PlanItem, status: string, signal: AbortSignal): Promise<void> {
    const { body } = await this.http.json({ path: `${this.api}/issue/${item.id}/transitions`, signal, conditional: false }, jiraTransitionsSchema);
    const transition = body.transitions.find((t) => this.mapStatus(t.to) === status);
    if (!transition) {
      const offered = body.transitions.map((t) => t.to.name).join(', ') || 'none';
      throw new DevopsError('conflict', `the Jira workflow has no transition from "${item.status}" to a status shown as ${status} for ${item.id} (offered: ${offered})`);
    }
    await this.http.request({ method: 'POST', path: `${this.api}/issue/${item.id}/transitions`, body: { transition: { id: transition.id } }, signal });
  }

  async assign(item: PlanItem, assignee: string | undefined, signal: AbortSignal): Promise<void> {
    const user = assignee === undefined ? undefined : await this.findUser(assignee, signal);
    const body = this.options.deployment === 'datacenter' ? { name: user?.name ?? null } : { accountId: user?.accountId ?? null };
    await this.http.request({ method: 'PUT', path: `${this.api}/issue/${item.id}/assignee`, body, signal });
  }

  async setPoints(item: PlanItem, points: number | undefined, signal: AbortSignal): Promise<void> {
    await this.http.request({ method: 'PUT', path: `${this.api}/issue/${item.id}`, body: { fields: { [this.pointsField]: points ?? null } }, signal });
  }

  async addItem(draft: NewPlanItem, signal: AbortSignal): Promise<PlanItem> {
    if (!this.options.projectKey) throw new DevopsError('invalid-config', 'set plan.projectKey to add Jira issues from the editor');
    const fields = { project: { key: this.options.projectKey }, summary: draft.title, issuetype: { name: this.options.issueType ?? 'Task' }, labels: draft.labels };
    const created = (await this.http.json({ method: 'POST', path: `${this.api}/issue`, body: { fields }, signal }, jiraCreatedSchema)).body;
    if (this.sprint) await this.http.request({ method: 'POST', path: `/rest/agile/1.0/sprint/${this.sprint.id}/issue`, body: { issues: [created.key] }, signal });
    return { id: created.key, title: draft.title, status: this.options.statuses[0], labels: draft.labels ?? [], url: this.browseUrl(created.key) };
  }

  openUrl(item: PlanItem): string | undefined {
    return item.url;
  }

  dispose(): void {
    this.http.close();
  }

  /** Follows startAt/total pages (Data Center, older Cloud) and nextPageToken pages (current Cloud). */
  private async sprintIssues(sprintId: number, signal: AbortSignal): Promise<JiraIssue[]> {
    const issues: JiraIssue[] = [];
    const fields = ['summary', 'status', 'assignee', 'labels', this.pointsField].join(',');
    let startAt = 0;
    let token: string | undefined;
    for (let page = 0; page < 50; page++) {
      const query = { fields, maxResults: 100, ...(token === undefined ? { startAt } : { nextPageToken: token }) };
      const { body } = await this.http.json({ path: `/rest/agile/1.0/sprint/${sprintId}/issue`, query, signal }, jiraIssuePageSchema);
      issues.push(...body.issues);
      token = body.nextPageToken ?? undefined;
      startAt += body.issues.length;
      const done = token === undefined && (body.isLast === true || body.issues.length === 0 || (body.total !== undefined && startAt >= body.total));
      if (done) break;
    }
    return issues;
  }

  private async findUser(assignee: string, signal: AbortSignal): Promise<JiraUser> {
    const me = this.me;
    if (me && (assignee === me.displayName || assignee === me.name || assignee === me.emailAddress)) return me;
    const query = this.options.deployment === 'datacenter' ? { username: assignee } : { query: assignee };
    const { body } = await this.http.json({ path: `${this.api}/user/search`, query, signal }, jiraUserSchema.array());
    if (!body[0]) throw new DevopsError('not-found', `no Jira user "${assignee}"`);
    return body[0];
  }

  private mapStatus(status: JiraStatus): string {
    const configured = this.options.statuses;
    const byName = Object.entries(this.options.statusMap ?? {}).find(([name]) => name.toLowerCase() === status.name.toLowerCase());
    if (byName) return byName[1];
    const same = configured.find((s) => s.replace(/[-_]/g, ' ').toLowerCase() === status.name.toLowerCase());
    if (same) return same;
    const category = status.statusCategory?.key;
    if (category === 'done') return configured.includes('done') ? 'done' : configured[configured.length - 1];
    if (category === 'indeterminate') return configured.includes('in-progress') ? 'in-progress' : (configured[1] ?? configured[0]);
    return configured[0];
  }

  private browseUrl(key: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}/browse/${key}`;
  }

  private toItem(issue: JiraIssue): PlanItem {
    const { fields } = issue;
    const points = fields[this.pointsField];
    return {
      id: issue.key,
      title: fields.summary,
      status: this.mapStatus(fields.status),
      assignee: fields.assignee?.displayName ?? fields.assignee?.name ?? undefined,
      points: typeof points === 'number' ? points : undefined,
      labels: fields.labels ?? [],
      url: this.browseUrl(issue.key),
    };
  }
}

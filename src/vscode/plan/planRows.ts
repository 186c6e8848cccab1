import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import type { PlanModel } from '../../core/plan/planModel';
import type { PlanGroup, SprintHeader } from '../../core/plan/planGroups';
import type { PlanItem } from '../../core/plan/planProvider';
import { planItemCapabilities } from '../../core/plan/planProvider';
import { planItemTooltip } from '../../core/plan/planText';
import { CommandId } from '../commands/commandTable';
import type { ConfigSnapshot } from '../config/configStore';
import { infoRow, staleConfigRow } from '../trees/commonRows';
import { contextValue } from '../trees/contextValue';
import { hasString, markdown, rowData, type RowNode } from '../trees/rowNode';
import { SprintFileInvalidError } from '../../backends/plan/file/sprintEdits';
import type { PlanSessionState } from './planSession';

/** What the plan's sign-in row passes to the sign-in command: the plan's server. */
export const planSignInRow = { signInFor: 'plan' } as const;

export interface PlanRowOptions {
  collapseDoneGroup: boolean;
  /** Items shown per group; a group not listed shows the model's page size. */
  shown: ReadonlyMap<string, number>;
  /** What the active item's row adds (its branch's pull request), from another part. */
  activeNote?: string;
}

/** The Plan view's rows for one state of the config and the plan's model. */
export function planRows(config: ConfigSnapshot, session: PlanSessionState | undefined, options: PlanRowOptions, setupError?: Error): RowNode[] {
  if (!config.config) return [];
  const rows: RowNode[] = config.state === 'stale' ? [staleConfigRow('plan', config)] : [];
  const openConfig = { command: CommandId.openConfig, title: 'Open devops.yaml' };
  if (config.config.plan && !session && setupError) return [...rows, { ...loadErrorRow(setupError, false), command: openConfig }];
  if (!config.config.plan || !session) return [...rows, infoRow('plan/no-plan', 'No plan in devops.yaml', 'add a plan section to see the sprint', openConfig)];
  const file = session.sprintFile;
  const { loaded, error } = session.model.state;
  if (file && DevopsError.is(error, 'not-found')) return [...rows, infoRow('plan/file-missing', `${baseName(file.path)} not found`, 'create it or change plan.file', openConfig, 'warning')];
  if (file && error instanceof SprintFileInvalidError) {
    // An invalid file keeps the last good sprint, when there was one.
    const problems = sprintProblemRow(file.toString(), baseName(file.path), error.problems.length, loaded);
    if (!loaded) return [...rows, problems];
    rows.push(problems);
  }
  return [...rows, ...modelRows(session.model, session.config.provider, options)];
}

function modelRows(model: PlanModel, provider: string, options: PlanRowOptions): RowNode[] {
  const { loaded, error } = model.state;
  if (!loaded && !error) return [loadingRow()];
  if (error && provider === 'github' && DevopsError.is(error, 'unauthorized')) {
    return [infoRow('plan/sign-in', 'Sign in to GitHub to see the sprint', 'the sprint comes from GitHub issues', { command: CommandId.signInGithub, title: 'Sign in to GitHub', arguments: [planSignInRow] }, 'account')];
  }
  const rows: RowNode[] = [];
  // A failed load keeps the last good items: the error row says so and retries on click.
  if (error && (provider !== 'file' || !loaded)) rows.push(loadErrorRow(error, loaded));
  if (!loaded) return rows;
  const header = model.header;
  rows.push(header ? headerRow(header) : infoRow('plan/sprint', 'No current sprint', `${model.provider.label} has no open sprint or milestone`));
  for (const group of model.groups()) rows.push(groupRow(model, group, options));
  return rows;
}

function loadingRow(): RowNode {
  return infoRow('plan/loading', 'Reading the sprint…', undefined, undefined, 'loading~spin');
}

function loadErrorRow(error: Error, stale: boolean): RowNode {
  const detail = (error.message.split(/\r?\n/, 1)[0] ?? '').slice(0, 200);
  return {
    id: 'plan/error',
    label: 'Could not load the sprint',
    description: stale ? `showing the last good items · ${detail}` : detail,
    tooltip: `${detail}\nClick to retry.`,
    icon: 'error',
    iconColor: 'list.errorForeground',
    contextValue: contextValue('error', stale ? ['retry', 'stale'] : ['retry']),
    command: { command: CommandId.planRefresh, title: 'Retry' },
    children: [],
  };
}

function sprintProblemRow(uri: string, name: string, count: number, stale: boolean): RowNode {
  const problems = `${count} problem${count === 1 ? '' : 's'}`;
  return {
    id: 'plan/sprint-problems',
    label: `${name} has errors`,
    description: stale ? `showing the last good version · ${problems}` : problems,
    icon: stale ? 'warning' : 'error',
    iconColor: stale ? 'list.warningForeground' : 'list.errorForeground',
    contextValue: contextValue(stale ? 'warning' : 'error', stale ? ['problem', 'stale'] : ['problem']),
    command: { command: CommandId.revealProblem, title: 'Reveal Problem', arguments: [uri] },
    children: [],
  };
}

function headerRow(header: SprintHeader): RowNode {
  const dates = header.start && header.end ? `${header.start} → ${header.end}` : undefined;
  const when = header.daysLeft === undefined ? undefined : header.daysLeft === 0 ? 'ended' : `${header.daysLeft} d left`;
  return {
    id: 'plan/sprint',
    label: header.name,
    description: [dates, when, `${header.pointsDone}/${header.pointsTotal} pts`].filter((p) => p !== undefined).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(header.name).appendMarkdown('**\n\n');
      if (header.goal) md.appendText(header.goal).appendMarkdown('\n\n');
      if (dates) md.appendText(`${dates}${when ? ` (${when})` : ''}\n\n`);
      md.appendText(`${header.pointsDone} of ${header.pointsTotal} points done · ${header.itemsDone} of ${header.itemsTotal} items`);
    }),
    icon: 'milestone',
    contextValue: contextValue('sprint'),
    command: header.url ? { command: 'vscode.open', title: 'Open in Browser', arguments: [vscode.Uri.parse(header.url)] } : undefined,
    children: [],
  };
}

function groupRow(model: PlanModel, group: PlanGroup, options: PlanRowOptions): RowNode {
  const page = model.page(group.status, 0, options.shown.get(group.status) ?? model.pageSize);
  const children = page.items.map((item) => itemRow(model, item, options.activeNote));
  if (page.nextOffset !== undefined) {
    children.push({
      id: `plan/status/${group.status}/more`,
      label: 'Show more',
      description: `${page.total - page.nextOffset} more`,
      icon: 'ellipsis',
      contextValue: contextValue('info'),
      command: { command: CommandId.planShowMore, title: 'Show more', arguments: [group.status] },
      children: [],
    });
  }
  const icon = statusIcon(group.status);
  return {
    id: `plan/status/${group.status}`,
    label: group.configured ? group.status : `${group.status} (not in plan.statuses)`,
    description: `${group.count}${group.points > 0 ? ` · ${group.points} pts` : ''}`,
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('statusGroup'),
    collapsed: options.collapseDoneGroup && icon.done,
    children,
  };
}

function itemRow(model: PlanModel, item: PlanItem, activeNote: string | undefined): RowNode {
  const active = model.activeItemId === item.id;
  const details = [item.id, item.assignee ? `@${item.assignee}` : undefined, item.points !== undefined ? `${item.points} pts` : undefined, item.labels.join(', ') || undefined];
  const icon = active ? { icon: 'target', color: 'charts.orange' } : statusIcon(item.status);
  return {
    id: `plan/${item.id}`,
    label: item.title,
    description: `${active ? `● active · ${activeNote ? `${activeNote} · ` : ''}` : ''}${details.filter((d) => d !== undefined).join(' · ')}`,
    // Text from the backend is escaped by planItemTooltip; the string is not trusted.
    tooltip: new vscode.MarkdownString(planItemTooltip(item, active)),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('plan-item', planItemCapabilities(model.capabilities, item, active)),
    children: [],
    data: { itemId: item.id } satisfies PlanRowData,
  };
}

/** What an item row stands for. */
export interface PlanRowData {
  itemId: string;
}

/** The item id of the Plan row a command was run on, or undefined for rows that are no item. */
export function itemIdOfRow(row: unknown): string | undefined {
  return rowData(row, (data): data is PlanRowData => hasString(data, 'itemId'))?.itemId;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Codicon and colour for a status name, recognised by common words since statuses are configurable. */
function statusIcon(status: string): { icon: string; color?: string; done: boolean } {
  const s = status.toLowerCase();
  if (isDoneStatus(s)) return { icon: 'pass', color: 'testing.iconPassed', done: true };
  if (/block/.test(s)) return { icon: 'circle-slash', color: 'list.errorForeground', done: false };
  if (/review|qa|test/.test(s)) return { icon: 'eye', done: false };
  if (/progress|doing|active|wip/.test(s)) return { icon: 'play-circle', color: 'charts.blue', done: false };
  if (/todo|to-do|backlog|open|new/.test(s)) return { icon: 'circle-large-outline', done: false };
  return { icon: 'circle-outline', done: false };
}

function isDoneStatus(status: string): boolean {
  return /^(done|closed|resolved|complete|completed|finished)$/i.test(status);
}

import type { SprintFile, SprintItem } from '../../core/plan/sprintSchema';
import { CommandId } from '../commands/commandIds';
import type { ConfigSnapshot } from '../config/configStore';
import { errorRow, infoRow, staleConfigRow } from '../trees/commonRows';
import { contextValue } from '../trees/contextValue';
import { markdown, type RowNode } from '../trees/rowNode';
import type { SprintState } from './sprintFileStore';
import { sprintProgress } from './sprintProgress';
import { statusIcon } from './statusIcon';

export interface PlanRowOptions {
  /** Today as YYYY-MM-DD in the user's time zone. */
  today: string;
  collapseDoneGroup: boolean;
}

/** The Plan view's rows for one state of the config and the sprint. */
export function planRows(config: ConfigSnapshot, plan: SprintState, options: PlanRowOptions): RowNode[] {
  if (!config.config) return [];
  const rows: RowNode[] = config.state === 'stale' ? [staleConfigRow('plan', config)] : [];
  const openConfig = { command: CommandId.openConfig, title: 'Open devops.yaml' };
  switch (plan.kind) {
    case 'no-config':
      return [];
    case 'loading':
      return [...rows, infoRow('plan/loading', 'Reading the sprint…', undefined, undefined, 'loading~spin')];
    case 'no-plan':
      return [...rows, infoRow('plan/no-plan', 'No plan in devops.yaml', 'add a plan section to see the sprint', openConfig)];
    case 'provider-not-connected':
      return [...rows, infoRow('plan/provider', `Plan provider "${plan.provider}"`, 'not available in this version yet', openConfig)];
    case 'error':
      return [...rows, errorRow('devops.plan', 'Could not read the sprint', new Error(plan.message))];
    case 'file-missing':
      return [...rows, infoRow('plan/file-missing', `${baseName(plan.uri.path)} not found`, 'create it or change plan.file', openConfig, 'warning')];
    case 'file-invalid':
      return [...rows, sprintProblemRow(plan.uri.toString(), baseName(plan.uri.path), plan.problems.length, false)];
    case 'sprint': {
      if (plan.stale) rows.push(sprintProblemRow(plan.uri.toString(), baseName(plan.uri.path), plan.problems.length, true));
      return [...rows, headerRow(plan.sprint, plan.statuses, options.today), ...groupRows(plan.sprint.items, plan.statuses, options)];
    }
  }
}

function sprintProblemRow(uri: string, name: string, count: number, stale: boolean): RowNode {
  return {
    id: 'plan/sprint-problems',
    label: `${name} has errors`,
    description: stale ? `showing the last good version · ${count} problem${count === 1 ? '' : 's'}` : `${count} problem${count === 1 ? '' : 's'}`,
    icon: stale ? 'warning' : 'error',
    iconColor: stale ? 'list.warningForeground' : 'list.errorForeground',
    contextValue: contextValue(stale ? 'warning' : 'error', stale ? ['problem', 'stale'] : ['problem']),
    command: { command: CommandId.revealProblem, title: 'Reveal Problem', arguments: [uri] },
    children: [],
  };
}

function headerRow(sprint: SprintFile, statuses: readonly string[], today: string): RowNode {
  const progress = sprintProgress(sprint, statuses, today);
  const when = progress.daysLeft === undefined ? `starts in ${progress.daysToStart} d` : progress.daysLeft === 0 ? 'ended' : `${progress.daysLeft} d left`;
  return {
    id: 'plan/sprint',
    label: sprint.sprint.name,
    description: `${sprint.sprint.start} → ${sprint.sprint.end} · ${when} · ${progress.pointsDone}/${progress.pointsTotal} pts`,
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(sprint.sprint.name).appendMarkdown('**\n\n');
      if (sprint.sprint.goal) md.appendText(sprint.sprint.goal).appendMarkdown('\n\n');
      md.appendText(`${sprint.sprint.start} → ${sprint.sprint.end} (${when})\n\n`);
      md.appendText(`${progress.pointsDone} of ${progress.pointsTotal} points done · ${progress.itemsDone} of ${sprint.items.length} items`);
    }),
    icon: 'milestone',
    contextValue: contextValue('sprint'),
    children: [],
  };
}

function groupRows(items: readonly SprintItem[], statuses: readonly string[], options: PlanRowOptions): RowNode[] {
  const known = new Set(statuses);
  const groups = statuses.map((status) => ({ status, label: status, items: items.filter((item) => item.status === status) }));
  const others = items.filter((item) => !known.has(item.status));
  if (others.length > 0) groups.push({ status: '?other', label: 'other statuses', items: others });
  return groups.map(({ status, label, items: groupItems }) => {
    const points = groupItems.reduce((sum, item) => sum + (item.points ?? 0), 0);
    return {
      id: `plan/status/${status}`,
      label,
      description: `${groupItems.length}${points > 0 ? ` · ${points} pts` : ''}`,
      icon: statusIcon(status).icon,
      iconColor: statusIcon(status).color,
      contextValue: contextValue('statusGroup'),
      collapsed: options.collapseDoneGroup && statusIcon(status).done,
      children: groupItems.map(itemRow),
    };
  });
}

function itemRow(item: SprintItem): RowNode {
  const details = [item.id, item.assignee ? `@${item.assignee}` : undefined, item.points !== undefined ? `${item.points} pts` : undefined, item.labels.join(', ') || undefined];
  const icon = statusIcon(item.status);
  return {
    id: `plan/${item.id}`,
    label: item.title,
    description: details.filter((d) => d !== undefined).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(item.id).appendMarkdown('** ').appendText(item.title).appendMarkdown('\n\n');
      md.appendText(`Status: ${item.status}`);
      if (item.assignee) md.appendText(` · Assignee: ${item.assignee}`);
      if (item.points !== undefined) md.appendText(` · Points: ${item.points}`);
      if (item.labels.length > 0) md.appendText(`\n\nLabels: ${item.labels.join(', ')}`);
      if (item.description) md.appendMarkdown('\n\n---\n\n').appendText(item.description);
    }),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('item', item.url ? ['openUrl'] : []),
    children: [],
  };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

import type { SprintHeader } from './planGroups';
import type { PlanItem } from './planProvider';

// Text the Plan view shows: row descriptions, the header line and item tooltips as
// Markdown. Pure, so the tree provider stays display-only and tests need no editor.

/** Escapes text for Markdown so that titles such as "*nix [draft]" show as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** "ada · 3 pts · api, backend" — what follows the title in a row. */
export function planItemDescription(item: PlanItem): string {
  const parts: string[] = [];
  if (item.assignee) parts.push(item.assignee);
  if (item.points !== undefined) parts.push(`${item.points} pt${item.points === 1 ? '' : 's'}`);
  if (item.labels.length > 0) parts.push(item.labels.join(', '));
  return parts.join(' · ');
}

/** Markdown tooltip of an item: id and title, status, people, points, labels, description (cut). */
export function planItemTooltip(item: PlanItem, active: boolean): string {
  const lines = [`**${escapeMarkdown(item.id)}** ${escapeMarkdown(item.title)}${active ? ' *(active branch)*' : ''}`, ''];
  lines.push(`Status: ${escapeMarkdown(item.status)}`);
  lines.push(`Assignee: ${item.assignee ? escapeMarkdown(item.assignee) : '—'}`);
  if (item.points !== undefined) lines.push(`Points: ${item.points}`);
  if (item.labels.length > 0) lines.push(`Labels: ${item.labels.map((l) => `\`${l.replace(/`/g, "'")}\``).join(' ')}`);
  if (item.description) {
    const text = item.description.length > 600 ? `${item.description.slice(0, 600)}…` : item.description;
    lines.push('', '---', '', escapeMarkdown(text));
  }
  // Two trailing spaces keep the short lines apart in Markdown.
  return lines.join('  \n');
}

/** "Sprint 14 · 11/23–12/04 · 5 days left · 8/21 pts". */
export function sprintHeaderText(header: SprintHeader): string {
  const parts = [header.name];
  if (header.start && header.end) parts.push(`${header.start.slice(5).replace('-', '/')}–${header.end.slice(5).replace('-', '/')}`);
  if (header.daysLeft !== undefined) parts.push(header.daysLeft === 0 ? 'ended' : `${header.daysLeft} day${header.daysLeft === 1 ? '' : 's'} left`);
  parts.push(`${header.pointsDone}/${header.pointsTotal} pts`);
  return parts.join(' · ');
}

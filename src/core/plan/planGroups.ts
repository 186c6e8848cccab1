import type { PlanItem, SprintInfo } from './planProvider';

// Pure computations behind the Plan view: groups by status in the configured order,
// the sprint header's figures, and pages of at most `pageSize` rows per group.

/** One status row of the tree. */
export interface PlanGroup {
  /** The status. */
  status: string;
  /** Items in it (after the "my items" filter). */
  count: number;
  /** Sum of their points. */
  points: number;
  /** False for a status the items use but the configuration does not list. */
  configured: boolean;
}

/** The header row: sprint name, dates, days left and progress. */
export interface SprintHeader extends SprintInfo {
  /** Calendar days left including today; 0 once the end date has passed; undefined without an end date. */
  daysLeft: number | undefined;
  /** Points of items in the done status. */
  pointsDone: number;
  /** Points of all items. */
  pointsTotal: number;
  /** Items in the done status. */
  itemsDone: number;
  /** All items. */
  itemsTotal: number;
}

/** One slice of a group's items, for "Show more". */
export interface PlanPage {
  /** The items of this slice, in backend order. */
  items: readonly PlanItem[];
  /** Items in the whole group. */
  total: number;
  /** Offset of the first item of this slice. */
  offset: number;
  /** Offset to ask for next, or undefined when this slice reaches the end. */
  nextOffset: number | undefined;
}

/** Items by status: configured statuses first in their order (empty ones included), then unknown ones as met. */
export function groupByStatus(items: readonly PlanItem[], statuses: readonly string[]): Map<string, PlanItem[]> {
  const groups = new Map<string, PlanItem[]>(statuses.map((s) => [s, []]));
  for (const item of items) {
    let group = groups.get(item.status);
    if (!group) {
      group = [];
      groups.set(item.status, group);
    }
    group.push(item);
  }
  return groups;
}

export function describeGroups(groups: Map<string, PlanItem[]>, statuses: readonly string[]): PlanGroup[] {
  const configured = new Set(statuses);
  return [...groups].map(([status, items]) => ({ status, count: items.length, points: sumPoints(items), configured: configured.has(status) }));
}

export function pageOf(items: readonly PlanItem[], offset: number, limit: number): PlanPage {
  const start = Math.max(0, Math.min(offset, items.length));
  const end = Math.min(items.length, start + Math.max(1, limit));
  return { items: items.slice(start, end), total: items.length, offset: start, nextOffset: end < items.length ? end : undefined };
}

export function sprintHeader(sprint: SprintInfo, items: readonly PlanItem[], doneStatus: string, now: number): SprintHeader {
  const done = items.filter((i) => i.status === doneStatus);
  return {
    ...sprint,
    daysLeft: sprint.end === undefined ? undefined : daysLeft(sprint.end, now),
    pointsDone: sumPoints(done),
    pointsTotal: sumPoints(items),
    itemsDone: done.length,
    itemsTotal: items.length,
  };
}

/** Days from today (local calendar) to the end date, both counted; 0 after it. */
export function daysLeft(end: string, now: number): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(end);
  if (!match) return undefined;
  const today = new Date(now);
  const todayDay = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const endDay = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Math.max(0, Math.round((endDay - todayDay) / 86_400_000) + 1);
}

function sumPoints(items: readonly PlanItem[]): number {
  let total = 0;
  for (const item of items) total += item.points ?? 0;
  return total;
}

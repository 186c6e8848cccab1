import type { SprintFile } from '../../core/plan/sprintSchema';
import { isDoneStatus } from './statusIcon';

/** Points and days of a sprint, as the header row shows them. */
export interface SprintProgress {
  pointsDone: number;
  pointsTotal: number;
  itemsDone: number;
  /** Days left including today; 0 once the end date has passed; undefined before the start. */
  daysLeft: number | undefined;
  /** Days until the start, when it has not started. */
  daysToStart: number;
}

const DAY_MS = 86_400_000;

export function sprintProgress(sprint: SprintFile, statuses: readonly string[], today: string): SprintProgress {
  const done = new Set(statuses.filter(isDoneStatus));
  let pointsDone = 0;
  let pointsTotal = 0;
  let itemsDone = 0;
  for (const item of sprint.items) {
    pointsTotal += item.points ?? 0;
    if (done.has(item.status)) {
      pointsDone += item.points ?? 0;
      itemsDone++;
    }
  }
  const toStart = dayNumber(sprint.sprint.start) - dayNumber(today);
  const toEnd = dayNumber(sprint.sprint.end) - dayNumber(today);
  return { pointsDone, pointsTotal, itemsDone, daysLeft: toStart > 0 ? undefined : Math.max(0, toEnd + 1), daysToStart: Math.max(0, toStart) };
}

/** Today's date in the local time zone, as YYYY-MM-DD. */
export function localDate(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

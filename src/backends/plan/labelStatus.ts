// Status from labels and open/closed, the way GitHub and GitLab teams encode a board:
// closed is done, an open issue is in the status whose label it carries, else the
// first status. Label names compare case-insensitively.

export interface LabelStatusOptions {
  /** Statuses in display order. */
  statuses: readonly string[];
  /** Labels that put an open issue in a status; default for each status s: "s", "status: s", "status/s", "status::s", "workflow::s". */
  statusLabels?: Record<string, string[]>;
  /** Status of open issues without a status label; default the first status. */
  openStatus?: string;
  /** Status of closed issues; default "done" when configured, else the last status. */
  closedStatus?: string;
}

export class LabelStatusMap {
  readonly openStatus: string;
  readonly closedStatus: string;
  private readonly labelsByStatus: Map<string, string[]>;
  private readonly statusByLabel = new Map<string, string>();

  constructor(options: LabelStatusOptions) {
    const { statuses } = options;
    this.openStatus = options.openStatus ?? statuses[0];
    this.closedStatus = options.closedStatus ?? (statuses.includes('done') ? 'done' : statuses[statuses.length - 1]);
    this.labelsByStatus = new Map(
      statuses
        .filter((s) => s !== this.openStatus && s !== this.closedStatus)
        .map((s) => [s, options.statusLabels?.[s] ?? [s, `status: ${s}`, `status/${s}`, `status::${s}`, `workflow::${s}`]]),
    );
    for (const [status, labels] of this.labelsByStatus) for (const label of labels) if (!this.statusByLabel.has(label.toLowerCase())) this.statusByLabel.set(label.toLowerCase(), status);
  }

  /** The item's status and the labels left once the status labels are taken out. */
  read(labels: readonly string[], closed: boolean): { status: string; labels: string[] } {
    const rest: string[] = [];
    let status: string | undefined;
    for (const label of labels) {
      const mapped = this.statusByLabel.get(label.toLowerCase());
      if (mapped === undefined) rest.push(label);
      else status ??= mapped;
    }
    return { status: closed ? this.closedStatus : (status ?? this.openStatus), labels: rest };
  }

  /** Labels after moving to `status`: status labels removed, the target's first label added. */
  labelsFor(current: readonly string[], status: string): string[] {
    const kept = current.filter((label) => !this.statusByLabel.has(label.toLowerCase()));
    const add = this.labelsByStatus.get(status)?.[0];
    return add === undefined ? kept : [...kept, add];
  }

  /** Whether the issue must be closed for `status`. */
  isClosed(status: string): boolean {
    return status === this.closedStatus;
  }
}

/** The open milestone/iteration whose due date is nearest from today on; else the latest overdue; else the first. */
export function nearestDue<T>(entries: readonly T[], dueOf: (entry: T) => string | null | undefined, now: number): T | undefined {
  const today = new Date(now).toISOString().slice(0, 10);
  const dated = entries.map((entry) => ({ entry, due: dueOf(entry)?.slice(0, 10) })).filter((e): e is { entry: T; due: string } => e.due !== undefined);
  const upcoming = dated.filter((e) => e.due >= today).sort((a, b) => a.due.localeCompare(b.due));
  if (upcoming.length > 0) return upcoming[0].entry;
  const overdue = dated.sort((a, b) => b.due.localeCompare(a.due));
  return overdue[0]?.entry ?? entries[0];
}

/** "points: 3", "points/3", "3 points", "sp: 3" → 3. */
export function pointsFromLabels(labels: readonly string[]): { points: number | undefined; labels: string[] } {
  let points: number | undefined;
  const rest: string[] = [];
  for (const label of labels) {
    const match = /^(?:points?|sp|estimate)\s*[:/]\s*(\d+(?:\.\d+)?)$|^(\d+(?:\.\d+)?)\s*points?$/i.exec(label.trim());
    if (match) points ??= Number(match[1] ?? match[2]);
    else rest.push(label);
  }
  return { points, labels: rest };
}

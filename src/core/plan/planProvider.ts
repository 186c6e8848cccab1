// What every plan backend (sprint file, GitHub, GitLab, Jira) offers the Plan model.
// Actions are optional methods: menus follow the capabilities a provider has, never
// its name (ARCHITECTURE.md, "A provider is an interface with an id and optional capabilities").

import type { Problem } from '../config/problem';

/** One sprint item, in the domain's terms whatever the backend calls it. */
export interface PlanItem {
  /** Stable id shown to people: "DL-101", "#42", "PROJ-7". */
  id: string;
  /** One line summary. */
  title: string;
  /** One of the configured statuses; providers map their own states onto them. */
  status: string;
  /** Login, user name or e-mail of the person it is assigned to. */
  assignee?: string;
  /** Story points (GitLab weight, Jira story points). */
  points?: number;
  /** Labels or tags, without the ones that encode the status. */
  labels: string[];
  /** Markdown or plain text body. */
  description?: string;
  /** Web page of the item, for "Open in browser". */
  url?: string;
}

/** The sprint as the backend names it. */
export interface SprintInfo {
  /** Sprint, milestone or iteration name. */
  name: string;
  /** First day, YYYY-MM-DD, when known. */
  start?: string;
  /** Last day, YYYY-MM-DD, when known. */
  end?: string;
  /** The sprint goal or milestone description. */
  goal?: string;
  /** Web page of the sprint, milestone or iteration. */
  url?: string;
}

/** Everything one load returns. */
export interface PlanSnapshot {
  /** Undefined when the backend has no current sprint (no open milestone, no active sprint). */
  sprint: SprintInfo | undefined;
  /** Items in the backend's order (file order, rank). */
  items: PlanItem[];
  /** True when the backend said nothing changed since the last load (HTTP 304 on every page). */
  unchanged?: boolean;
}

/** What "Add item" asks for. */
export interface NewPlanItem {
  /** One line summary. */
  title: string;
  /** Initial status; default the first configured status. */
  status?: string;
  /** Person to assign it to. */
  assignee?: string;
  /** Story points. */
  points?: number;
  /** Labels to add. */
  labels?: string[];
  /** Id to use, for backends where the user picks it (sprint file); others assign one. */
  id?: string;
}

export interface PlanProvider {
  /** Which backend: "file", "github", "gitlab", "jira". For logs and settings, not for menus. */
  readonly id: string;
  /** What to call the source in the view: "sprint.yaml", "owner/repo", "board 12". */
  readonly label: string;
  /** Reads the current sprint and its items. Throws DevopsError on failure. */
  load(signal: AbortSignal): Promise<PlanSnapshot>;
  /** Who "me" is for "my items" and "assign to me", when the backend can tell. */
  currentUser?(signal: AbortSignal): Promise<string | undefined>;
  /** Moves an item to a configured status. */
  setStatus?(item: PlanItem, status: string, signal: AbortSignal): Promise<void>;
  /** Assigns the item; undefined unassigns. */
  assign?(item: PlanItem, assignee: string | undefined, signal: AbortSignal): Promise<void>;
  /** Creates an item in the current sprint and returns it as the backend stored it. */
  addItem?(item: NewPlanItem, signal: AbortSignal): Promise<PlanItem>;
  /** Sets or clears the points of an item. */
  setPoints?(item: PlanItem, points: number | undefined, signal: AbortSignal): Promise<void>;
  /** Web page of an item, when it has one. */
  openUrl?(item: PlanItem): string | undefined;
  /** Problems of the last load in a file of the repository (the sprint file), for the Problems panel. */
  readonly problems?: readonly Problem[];
  /** Releases connections and watchers. */
  dispose?(): void;
}

export type PlanCapability = 'setStatus' | 'assign' | 'addItem' | 'setPoints' | 'openUrl';

const allCapabilities: readonly PlanCapability[] = ['setStatus', 'assign', 'addItem', 'setPoints', 'openUrl'];

/** The actions a provider offers. */
export function planCapabilities(provider: PlanProvider): ReadonlySet<PlanCapability> {
  return new Set(allCapabilities.filter((name) => typeof provider[name] === 'function'));
}

/** What can be done with an item row; menus match the words (`viewItem =~ /\bassignable\b/`). */
export type PlanItemWord = 'status-settable' | 'assignable' | 'points-editable' | 'openable' | 'active';

/** The words of an item row, from what the provider can do and the item itself. */
export function planItemCapabilities(capabilities: ReadonlySet<PlanCapability>, item: PlanItem, active: boolean): PlanItemWord[] {
  const words: PlanItemWord[] = [];
  if (capabilities.has('setStatus')) words.push('status-settable');
  if (capabilities.has('assign')) words.push('assignable');
  if (capabilities.has('setPoints')) words.push('points-editable');
  if (capabilities.has('openUrl') && item.url !== undefined) words.push('openable');
  if (active) words.push('active');
  return words;
}

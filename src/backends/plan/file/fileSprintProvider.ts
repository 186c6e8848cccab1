import { fileError, hasErrors } from '../../../core/config/problem';
import type { Problem } from '../../../core/config/problem';
import { DevopsError } from '../../../core/errors';
import { parseSprintFile } from '../../../core/plan/sprintParser';
import type { NewPlanItem, PlanItem, PlanProvider, PlanSnapshot } from '../../../core/plan/planProvider';
import type { ItemSpan } from '../../../core/plan/sprintScan';
import { addSprintItem, applySprintEdit, assignItem, setItemPoints, setItemStatus, SprintFileInvalidError } from './sprintEdits';
import type { SprintEdit } from './sprintEdits';
import { editItemInPlace, type ItemFieldKey } from './sprintItemEdit';
import { DiskSprintText } from './sprintText';
import type { SprintText } from './sprintText';

// The default plan provider: a sprint file in the repository. It is the one reader of
// the file: each load parses it with parseSprintFile (positioned problems, kept for the
// Problems panel); writes are pure text edits checked before and after, so an invalid
// file is never written over.

export interface FileSprintProviderOptions {
  /** Absolute path of the sprint file; used when no text is given. */
  path: string;
  /** plan.statuses of devops.yaml. */
  statuses: readonly string[];
  /** Who "me" is (git user.name or a setting), for "my items" and "assign to me". */
  me?: string;
  /** Where the text is read and written; default the file on disk. */
  text?: SprintText;
  /** Folder the file on disk must stay in. */
  workspace?: string;
}

interface ItemFieldChange {
  id: string;
  key: ItemFieldKey;
  value: string | number | undefined;
}

export class FileSprintProvider implements PlanProvider {
  readonly id = 'file';
  readonly label: string;
  private readonly store: SprintText;
  private lastProblems: Problem[] = [];
  /** The text of the last load or write that had no errors. */
  private validText: string | undefined;
  /** Where each item of validText is, when the quick reader read it: a field edit then reads only its item. */
  private located: { ids: readonly string[]; spans: ItemSpan[] } | undefined;

  constructor(private readonly options: FileSprintProviderOptions) {
    this.store = options.text ?? new DiskSprintText(options.path, options.workspace);
    this.label = options.path.split(/[\\/]/).pop() ?? options.path;
  }

  /** Problems of the last load (warnings included), for the Problems panel. */
  get problems(): readonly Problem[] {
    return this.lastProblems;
  }

  async load(signal: AbortSignal): Promise<PlanSnapshot> {
    const text = await this.readForLoad(signal);
    const result = parseSprintFile(text, this.store.name, this.options.statuses);
    this.lastProblems = result.problems;
    if (!result.sprint || hasErrors(result.problems)) throw new SprintFileInvalidError(result.problems, 'before');
    this.validText = text;
    this.located = result.spans && { ids: result.sprint.items.map((item) => item.id), spans: [...result.spans] };
    const { sprint, items } = result.sprint;
    return {
      sprint: { name: sprint.name, start: sprint.start, end: sprint.end, goal: sprint.goal },
      items: items.map((item) => ({ ...item, labels: [...item.labels] })),
    };
  }

  private async readForLoad(signal: AbortSignal): Promise<string> {
    try {
      return await this.store.read(signal);
    } catch (error) {
      this.lastProblems = [];
      // Too large, or not a file: a problem on it, as the parser reports one.
      if (!DevopsError.is(error, 'invalid-data')) throw error;
      this.lastProblems = [fileError(this.store.name, 'too-large', error.message)];
      throw new SprintFileInvalidError(this.lastProblems, 'before');
    }
  }

  currentUser(): Promise<string | undefined> {
    return Promise.resolve(this.options.me);
  }

  async setStatus(item: PlanItem, status: string, signal: AbortSignal): Promise<void> {
    await this.editField({ id: item.id, key: 'status', value: status }, setItemStatus(item.id, status), signal);
  }

  async assign(item: PlanItem, assignee: string | undefined, signal: AbortSignal): Promise<void> {
    await this.editField({ id: item.id, key: 'assignee', value: assignee }, assignItem(item.id, assignee), signal);
  }

  async setPoints(item: PlanItem, points: number | undefined, signal: AbortSignal): Promise<void> {
    await this.editField({ id: item.id, key: 'points', value: points }, setItemPoints(item.id, points), signal);
  }

  async addItem(draft: NewPlanItem, signal: AbortSignal): Promise<PlanItem> {
    const text = await this.store.read(signal);
    const existing = parseSprintFile(text, this.store.name, this.options.statuses).sprint?.items.map((i) => i.id) ?? [];
    const item: PlanItem = {
      id: draft.id ?? nextItemId(existing),
      title: draft.title,
      status: draft.status ?? this.options.statuses[0],
      assignee: draft.assignee,
      points: draft.points,
      labels: draft.labels ?? [],
    };
    await this.write(text, addSprintItem(item), signal);
    return item;
  }

  // On the text last read without errors, only the item's lines are edited and checked;
  // otherwise (or when that does not apply) the whole file is, as any other edit.
  private async editField(change: ItemFieldChange, edit: SprintEdit, signal: AbortSignal): Promise<void> {
    const text = await this.store.read(signal);
    const index = text === this.validText ? (this.located?.ids.indexOf(change.id) ?? -1) : -1;
    const located = this.located;
    const local = located && index >= 0 ? editItemInPlace(text, located.spans[index], change, this.options.statuses) : undefined;
    if (!located || !local) return this.write(text, edit, signal);
    if (local.text === text) return;
    await this.store.write(local.text, text, signal);
    this.validText = local.text;
    const shift = local.span.end - located.spans[index].end;
    located.spans[index] = local.span;
    for (let i = index + 1; i < located.spans.length; i++) located.spans[i] = { start: located.spans[i].start + shift, end: located.spans[i].end + shift };
  }

  private async write(text: string, edit: SprintEdit, signal: AbortSignal): Promise<void> {
    const next = applySprintEdit(text, edit, this.store.name, this.options.statuses, text === this.validText);
    if (next === text) return;
    await this.store.write(next, text, signal);
    this.validText = next;
    this.located = undefined;
  }
}

/** The id after the highest of the most common "PREFIX-123" pattern: DL-112 → DL-113, keeping zero padding. */
export function nextItemId(ids: readonly string[]): string {
  const counts = new Map<string, number>();
  const numbered = ids.map((id) => /^(.*?)(\d+)$/.exec(id)).filter((m): m is RegExpExecArray => m !== null);
  for (const m of numbered) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  const prefix = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (prefix === undefined) return `ITEM-${ids.length + 1}`;
  const same = numbered.filter((m) => m[1] === prefix);
  const highest = Math.max(...same.map((m) => Number(m[2])));
  const width = Math.max(...same.map((m) => m[2].length));
  let next = highest + 1;
  while (ids.includes(`${prefix}${String(next).padStart(width, '0')}`)) next++;
  return `${prefix}${String(next).padStart(width, '0')}`;
}

import { rowSignature, type RowNode } from './rowNode';

/**
 * The rows a tree view shows. `update` merges a freshly built tree into the shown one,
 * keeping the shown node objects (VS Code knows rows by object), and returns the rows
 * whose display changed so only those are refreshed; undefined means "refresh all".
 */
export class TreeState {
  private rootRows: RowNode[] = [];
  private byId = new Map<string, RowNode>();
  private parents = new Map<RowNode, RowNode>();
  private shown = false;

  get roots(): RowNode[] {
    return this.rootRows;
  }

  parentOf(node: RowNode): RowNode | undefined {
    return this.parents.get(node);
  }

  find(id: string): RowNode | undefined {
    return this.byId.get(id);
  }

  update(next: RowNode[]): RowNode[] | undefined {
    const rootsKept = this.shown && sameIds(this.rootRows, next);
    const changed: RowNode[] = [];
    const seen = new Map<string, RowNode>();
    this.parents = new Map();
    this.rootRows = next.map((node) => this.merge(node, undefined, changed, seen, false));
    this.byId = seen;
    this.shown = true;
    return rootsKept ? changed : undefined;
  }

  private merge(node: RowNode, parent: RowNode | undefined, changed: RowNode[], seen: Map<string, RowNode>, ancestorChanged: boolean): RowNode {
    const id = uniqueId(node.id, seen);
    const nextChildren = node.children;
    const old = this.byId.get(id);
    let target: RowNode = { ...node, id };
    let selfChanged = false;
    if (old) {
      selfChanged = rowSignature(old) !== rowSignature(node) || !sameIds(old.children, nextChildren);
      for (const key of Object.keys(old)) delete (old as unknown as Record<string, unknown>)[key];
      target = Object.assign(old, node, { id });
      if (selfChanged && !ancestorChanged) changed.push(target);
    }
    seen.set(id, target);
    if (parent) this.parents.set(target, parent);
    target.children = nextChildren.map((child) => this.merge(child, target, changed, seen, ancestorChanged || selfChanged || !old));
    return target;
  }
}

function sameIds(a: readonly RowNode[], b: readonly RowNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node.id === b[i]?.id);
}

// Duplicate ids make VS Code refuse the whole tree; a bad file must not do that.
function uniqueId(id: string, seen: Map<string, RowNode>): string {
  if (!seen.has(id)) return id;
  let n = 2;
  while (seen.has(`${id}#${n}`)) n++;
  return `${id}#${n}`;
}

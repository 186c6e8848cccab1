import { isAlias, isCollection, isPair, isScalar } from 'yaml';
import type { Document, Node } from 'yaml';

// The yaml package's own guard (maxAliasCount) multiplies alias counts: a compose file that
// shares a logging block through a defaults block, as large self-hosted stacks do, trips it
// although it expands to a few dozen KB. What an alias bomb costs is the size of the data
// once every alias is expanded, so that is what is bounded here; the parser is then told
// to expand freely. The walk computes each anchor's expanded size once, so a bomb is
// measured in time proportional to its text, not to what it would expand to.

/** Expanded data (estimated as the text of every scalar once aliases are replaced) a file may hold. */
export const maxExpandedBytes = 2 * 1024 * 1024;

/**
 * Alias nodes a file may hold. The parser finds each alias's anchor by scanning the anchors
 * before it, so its time grows with the square of this; real files hold a few hundred.
 */
export const maxAliasNodes = 5000;

/** Why a document's aliases are refused, and the alias to point at. */
export interface AliasRefusal {
  node: Node;
  message: string;
}

interface Walk {
  sizes: Map<string, number>;
  /** Anchors whose node is being measured: an alias to one of them is a loop. */
  open: Set<string>;
  aliases: number;
  total: number;
  refusal: AliasRefusal | undefined;
}

/** Undefined when the document may be turned into data with `toJS({ maxAliasCount: -1 })`. */
export function checkAliasBudget(doc: Document, limit = maxExpandedBytes): AliasRefusal | undefined {
  const walk: Walk = { sizes: new Map(), open: new Set(), aliases: 0, total: 0, refusal: undefined };
  const size = measure(doc.contents, walk, limit);
  if (walk.refusal) return walk.refusal;
  return size > limit ? { node: doc.contents as Node, message: tooMuch(limit) } : undefined;
}

function tooMuch(limit: number): string {
  return `aliases expand to more than ${Math.round(limit / (1024 * 1024))} MB of data; this looks like an alias bomb`;
}

function measure(node: unknown, walk: Walk, limit: number): number {
  if (walk.refusal || node === null || node === undefined) return 0;
  if (isAlias(node)) {
    if (++walk.aliases > maxAliasNodes) {
      walk.refusal = { node, message: `more than ${maxAliasNodes} aliases; this does not look like a hand-written file` };
      return 0;
    }
    if (walk.open.has(node.source)) {
      walk.refusal = { node, message: `alias *${node.source} refers to the block that contains it, which never ends` };
      return 0;
    }
    const expanded = walk.sizes.get(node.source) ?? 1;
    // The running total of what aliases add: the first alias past the budget is the one to show.
    walk.total += expanded;
    if (walk.total > limit) walk.refusal = { node, message: tooMuch(limit) };
    return expanded;
  }
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor) walk.open.add(anchor);
  let size = 1;
  if (isScalar(node)) size = node.range ? Math.max(1, node.range[1] - node.range[0]) : String(node.value).length;
  else if (isCollection(node)) {
    for (const item of node.items) {
      size += isPair(item) ? measure(item.key, walk, limit) + measure(item.value, walk, limit) + 1 : measure(item, walk, limit) + 1;
      if (walk.refusal) return 0;
    }
  }
  if (anchor) {
    walk.open.delete(anchor);
    walk.sizes.set(anchor, size);
  }
  return size;
}

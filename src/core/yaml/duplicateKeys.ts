import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';

// Duplicate keys found in one pass with a set per mapping. The parser's own
// uniqueKeys check compares each key with every earlier one, which turns a file with
// thousands of services quadratic. The walk is a plain recursion: the package's visit()
// builds a frozen path per node, which cost more than the check itself. The nesting guard
// bounds the depth before the parser runs.

type Found = { range: [number, number]; key: string }[];

const isMergeKey = (value: unknown): boolean => value === '<<' || (typeof value === 'symbol' && value.description === '<<');

/** Offsets [start, end] and text of every key that repeats an earlier key of its mapping. */
export function findDuplicateKeys(doc: Document.Parsed): Found {
  const found: Found = [];
  walk(doc.contents, found);
  return found;
}

function walk(node: unknown, found: Found): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      // `<<` may repeat: each one merges another mapping (with merge on, its value is a symbol).
      if (!isScalar(pair.key) || isMergeKey(pair.key.value)) continue;
      const key = String(pair.key.value);
      if (seen.has(key) && pair.key.range) found.push({ range: [pair.key.range[0], pair.key.range[1]], key });
      seen.add(key);
    }
    for (const pair of node.items) {
      walk(pair.key, found);
      walk(pair.value, found);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        // A single-pair mapping inside a flow sequence (`[a: 1]`).
        walk(item.key, found);
        walk(item.value, found);
      } else walk(item, found);
    }
  }
}

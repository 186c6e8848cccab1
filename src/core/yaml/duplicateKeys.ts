import { isScalar, visit } from 'yaml';
import type { Document } from 'yaml';

// Duplicate keys found in one pass with a set per mapping. The parser's own
// uniqueKeys check compares each key with every earlier one, which turns a file with
// thousands of services quadratic.

/** Offsets [start, end] and text of every key that repeats an earlier key of its mapping. */
export function findDuplicateKeys(doc: Document.Parsed): { range: [number, number]; key: string }[] {
  const found: { range: [number, number]; key: string }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        // `<<` may repeat: each one merges another mapping.
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const key = String(pair.key.value);
        if (seen.has(key) && pair.key.range) found.push({ range: [pair.key.range[0], pair.key.range[1]], key });
        seen.add(key);
      }
    },
  });
  return found;
}

import { isAlias, isMap, isNode, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Problem } from '../config/problem';
import { problemAtNode, problemAtOffsets } from './yamlSource';
import type { ProblemInit, YamlPath, YamlSource } from './yamlSource';

// Finds the YAML node behind a data path (["services", "api", "dependsOn", 0]) so that
// checks working on plain data can still point at the text.

export interface LocatedNode {
  /** The node at the path, or the nearest ancestor's key when the path does not exist. */
  node: Node | undefined;
  /** The key node of the pair holding the node, when it sits in a mapping. */
  key: Node | undefined;
  /** False when the path stopped early (a missing key or index). */
  exact: boolean;
}

export function locate(source: YamlSource, path: YamlPath): LocatedNode {
  let value: unknown = source.doc.contents;
  let key: Node | undefined;
  for (const segment of path) {
    const collection = isAlias(value) ? value.resolve(source.doc) : value;
    let next: Pair | undefined;
    if (isMap(collection)) next = pairsByKey(collection).get(String(segment));
    if (next) {
      key = isNode(next.key) ? next.key : undefined;
      value = next.value;
      continue;
    }
    if (isSeq(collection) && typeof segment === 'number' && segment < collection.items.length) {
      key = undefined;
      value = collection.items[segment];
      continue;
    }
    return { node: key ?? (isNode(value) ? value : undefined), key, exact: false };
  }
  return { node: isNode(value) ? value : undefined, key, exact: true };
}

// Thousands of problems in a map of thousands of keys would make a linear search per lookup quadratic.
const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      // The first of duplicate keys wins, matching where "first declared" messages point.
      if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
    }
    indexes.set(map, index);
  }
  return index;
}

/** Where to point: 'key' marks the key itself (unknown keys); 'value' the value, or its key when the value is empty or spans lines. */
export type PathTarget = 'key' | 'value';

export function problemAt(source: YamlSource, path: YamlPath, init: ProblemInit, target: PathTarget = 'value'): Problem {
  const { node, key } = locate(source, path);
  const chosen = target === 'key' ? (key ?? node) : preferKeyForBlocks(node, key);
  return chosen ? problemAtNode(source, chosen, init) : problemAtOffsets(source, 0, 0, init);
}

function preferKeyForBlocks(node: Node | undefined, key: Node | undefined): Node | undefined {
  if (!node || !node.range) return key;
  const [start, end] = node.range;
  const empty = start === end;
  const block = isMap(node) || isSeq(node);
  return (empty || block) && key ? key : node;
}

/** 1-based line of the node at a path, for messages such as "first declared on line 4". */
export function lineOf(source: YamlSource, path: YamlPath): number | undefined {
  const { node, exact } = locate(source, path);
  if (!exact || !node?.range) return undefined;
  return source.lineCounter.linePos(node.range[0]).line;
}

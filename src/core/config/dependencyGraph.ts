import type { Problem } from './problem';
import { didYouMean } from '../yaml/didYouMean';
import { problemAt } from '../yaml/yamlLocate';
import type { YamlPath, YamlSource } from '../yaml/yamlSource';

// The checks shared by service dependsOn and stage needs: every edge names a declared
// node, no node names itself, and the edges form no cycle.

export interface DependencyGraph {
  /** "service" or "stage", for messages. */
  noun: string;
  /** Where the nodes are declared, e.g. "services" or "pipeline.stages". */
  declaredIn: string;
  /** Name → the names it depends on, in file order. */
  edges: ReadonlyMap<string, readonly string[]>;
  /** Data path of the index-th dependency of a node. */
  pathOf(name: string, index: number): YamlPath;
}

/** Suggestions cost a comparison with every name; past this many unknown references, skip them. */
const maxSuggestions = 100;

export function checkDependencyGraph(source: YamlSource, graph: DependencyGraph): Problem[] {
  const problems: Problem[] = [];
  const names = [...graph.edges.keys()];
  let suggestions = 0;
  for (const [name, deps] of graph.edges) {
    const seen = new Set<string>();
    deps.forEach((dep, index) => {
      const at = (severity: Problem['severity'], code: string, message: string): void => {
        problems.push(problemAt(source, graph.pathOf(name, index), { severity, code, message }));
      };
      if (dep === name) at('error', 'self-dependency', `${graph.noun} \`${name}\` depends on itself`);
      else if (!graph.edges.has(dep)) at('error', 'unknown-reference', `${graph.noun} \`${name}\` depends on \`${dep}\`, which is not declared in \`${graph.declaredIn}\`${suggestions++ < maxSuggestions ? didYouMean(dep, names) : ''}`);
      else if (seen.has(dep)) at('warning', 'duplicate-reference', `\`${dep}\` is listed twice`);
      seen.add(dep);
    });
  }
  for (const cycle of findCycles(graph.edges)) {
    const [first, second] = cycle;
    const index = graph.edges.get(first)?.indexOf(second) ?? 0;
    problems.push(problemAt(source, graph.pathOf(first, index), { severity: 'error', code: 'cycle', message: `dependency cycle: ${cycle.join(' → ')}` }));
  }
  return problems;
}

/**
 * One cycle per strongly connected component of more than one node, each as
 * [a, b, …, a] starting from the component's first node in file order.
 * Iterative Tarjan: a chain of thousands of services must not overflow the stack.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const next = (name: string): string[] => (edges.get(name) ?? []).filter((d) => d !== name && edges.has(d));
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { name: string; deps: string[]; i: number }[] = [];
    const open = (name: string): void => {
      index.set(name, counter);
      low.set(name, counter++);
      stack.push(name);
      onStack.add(name);
      work.push({ name, deps: next(name), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.deps.length) {
        const dep = frame.deps[frame.i++];
        if (!index.has(dep)) open(dep);
        else if (onStack.has(dep)) low.set(frame.name, Math.min(low.get(frame.name)!, index.get(dep)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].name;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.name)!));
      }
      if (low.get(frame.name) === index.get(frame.name)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.name);
        if (component.length > 1) components.push(component);
      }
    }
  }
  const order = [...edges.keys()];
  return components.map((component) => cycleWithin(new Set(component), order.find((n) => component.includes(n))!, next));
}

/** Shortest way back to `start` inside its component, found breadth-first. */
function cycleWithin(members: ReadonlySet<string>, start: string, next: (name: string) => string[]): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift()!;
    for (const dep of next(name)) {
      if (!members.has(dep)) continue;
      if (dep === start) {
        const chain: string[] = [];
        for (let at: string | undefined = name; at !== undefined; at = at === start ? undefined : cameFrom.get(at)) chain.push(at);
        return [...chain.reverse(), start];
      }
      if (!cameFrom.has(dep) && dep !== start) {
        cameFrom.set(dep, name);
        queue.push(dep);
      }
    }
  }
  return [start, start];
}

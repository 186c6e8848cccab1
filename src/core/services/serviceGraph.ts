// The dependency graph of devops.yaml's services: who needs whom, who is needed by whom,
// and what is wrong with it (cycles, self-dependencies, unknown names) as plain results.
import type { ServiceConfig } from '../config/schema';

/** Something odd about the graph, shown as a row; the loader reports the positioned problem. */
export interface GraphIssue {
  /** cycle, self-dependency or unknown-dependency. */
  kind: 'cycle' | 'self-dependency' | 'unknown-dependency';
  /** Services involved; for a cycle in order, e.g. [a, b, c] for a → b → c → a. */
  services: string[];
  /** One sentence for a person. */
  message: string;
}

export interface ServiceGraph {
  /** Service names in declaration order. */
  names: string[];
  /** name → names it depends on (known ones only). */
  dependsOn: Map<string, string[]>;
  /** name → names that depend on it. */
  dependents: Map<string, string[]>;
  /** Cycles, self-dependencies and unknown names. */
  issues: GraphIssue[];
}

export function buildServiceGraph(services: Record<string, Pick<ServiceConfig, 'dependsOn'>>): ServiceGraph {
  const names = Object.keys(services);
  const known = new Set(names);
  const dependsOn = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(names.map((n) => [n, []]));
  const issues: GraphIssue[] = [];
  for (const name of names) {
    const deps: string[] = [];
    for (const dep of new Set(services[name].dependsOn)) {
      if (dep === name) {
        issues.push({ kind: 'self-dependency', services: [name], message: `Service "${name}" depends on itself.` });
      } else if (!known.has(dep)) {
        issues.push({ kind: 'unknown-dependency', services: [name, dep], message: `Service "${name}" depends on "${dep}", which is not declared.` });
      } else {
        deps.push(dep);
        dependents.get(dep)!.push(name);
      }
    }
    dependsOn.set(name, deps);
  }
  for (const cycle of findCycles(names, dependsOn)) {
    const path = [...cycle, cycle[0]].join(' → ');
    issues.push({ kind: 'cycle', services: cycle, message: `Dependency cycle: ${path}.` });
  }
  return { names, dependsOn, dependents, issues };
}

/** Strongly connected components with more than one member (Tarjan), each in an order along its edges. */
export function findCycles(names: string[], edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  // Iterative so a 10 000-deep chain cannot overflow the call stack.
  for (const root of names) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const to = targets[frame.next++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) cycles.push(orderAlongEdges(component, edges));
      }
    }
  }
  return cycles;
}

// Walk the component from its first-declared member so the message reads a → b → c → a.
function orderAlongEdges(component: string[], edges: Map<string, string[]>): string[] {
  const members = new Set(component);
  const ordered: string[] = [];
  const start = component[component.length - 1];
  let current: string | undefined = start;
  while (current !== undefined && !ordered.includes(current)) {
    ordered.push(current);
    current = (edges.get(current) ?? []).find((n) => members.has(n) && !ordered.includes(n));
  }
  // A component can be more than one simple cycle; list the rest after the walk.
  for (const m of component.reverse()) if (!ordered.includes(m)) ordered.push(m);
  return ordered;
}

// The dependency graph of devops.yaml's services: who needs whom, who is needed by whom,
// and what is wrong with it (cycles, self-dependencies, unknown names) as plain results.
import { findCycles } from '../config/dependencyGraph';
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
  // The loader's cycle finder: each cycle comes back closed, [a, b, …, a], from its first-declared member.
  for (const closed of findCycles(dependsOn)) {
    issues.push({ kind: 'cycle', services: closed.slice(0, -1), message: `Dependency cycle: ${closed.join(' → ')}.` });
  }
  return { names, dependsOn, dependents, issues };
}

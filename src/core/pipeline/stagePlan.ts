import type { StageConfig } from '../config/schema';
import { DevopsError } from '../errors';
import type { DeployAction } from './deployTypes';

/**
 * The stages a run executes, in config order. Like CI, asking for one stage runs only
 * that stage; includeNeeds adds everything it needs, transitively. Needs outside the
 * selection count as satisfied, so a single stage runs without its needs.
 * A `manual` stage (one that needs something a machine may not have, such as a container
 * engine) is left out of a whole-pipeline run and runs only when asked for by name, or as
 * a need of a stage asked for with includeNeeds. A stage that needs it still runs in the
 * whole run: like any need outside the selection, the manual one counts as satisfied.
 */
export function selectStages(stages: Readonly<Record<string, StageConfig>>, requested: readonly string[] = [], includeNeeds = false): string[] {
  const names = Object.keys(stages);
  for (const name of requested) {
    if (!(name in stages)) throw new DevopsError('not-found', `no stage named "${name}" (stages: ${names.join(', ') || 'none'})`);
  }
  assertAcyclic(stages);
  if (requested.length === 0) return names.filter((n) => stages[n]?.manual !== true);
  const chosen = new Set(requested);
  if (includeNeeds) {
    const queue = [...requested];
    for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
      for (const need of stages[name]?.needs ?? []) {
        if (!chosen.has(need) && need in stages) {
          chosen.add(need);
          queue.push(need);
        }
      }
    }
  }
  return names.filter((n) => chosen.has(n));
}

/** Throws invalid-config naming the cycle, e.g. "build → test → build". */
export function assertAcyclic(stages: Readonly<Record<string, StageConfig>>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new DevopsError('invalid-config', `stages need each other in a cycle: ${cycle.join(' → ')}`);
    }
    state.set(name, 'visiting');
    path.push(name);
    for (const need of stages[name]?.needs ?? []) if (need in stages) visit(need);
    path.pop();
    state.set(name, 'done');
  };
  Object.keys(stages).forEach(visit);
}

/**
 * The one stage of a run that only deploys: the environment's deploy command, named as
 * `devops-loop deploy` names it, so a deploy from anywhere lands in history the same way
 * (a rollback or promotion is named by its kind: `rollback-staging`).
 */
export function deployOnlyStages(environment: string, action?: DeployAction): Record<string, StageConfig> {
  return { [`${action?.kind ?? 'deploy'}-${environment}`]: { kind: 'deploy', environment, needs: [], env: {}, reports: [], bump: 'auto', push: false, on: [], manual: false } };
}

/** Needs of a stage that are part of this run. */
export function needsWithin(stage: StageConfig, selection: ReadonlySet<string>): string[] {
  return stage.needs.filter((n) => selection.has(n));
}

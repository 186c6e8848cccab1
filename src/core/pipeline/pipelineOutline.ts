import type { DevopsConfig, EnvironmentConfig, StageConfig } from '../config/schema';

// What devops.yaml declares of the pipeline, in the order the Pipeline view lists it.

/** One stage of devops.yaml. */
export interface StageEntry {
  name: string;
  config: StageConfig;
}

/** One environment of devops.yaml. */
export interface EnvironmentEntry {
  name: string;
  config: EnvironmentConfig;
  /** Stages of kind deploy that target it. */
  deployedBy: string[];
}

/** The stages, every one after the stages it needs. */
export function pipelineStages(config: DevopsConfig | undefined): StageEntry[] {
  const stages = config?.pipeline?.stages ?? {};
  return stageOrder(stages).map((name) => ({ name, config: stages[name] }));
}

/** The environments, with the deploy stages that target each. */
export function pipelineEnvironments(config: DevopsConfig | undefined): EnvironmentEntry[] {
  const environments = config?.environments ?? {};
  const stages = config?.pipeline?.stages ?? {};
  return Object.keys(environments).map((name) => ({
    name,
    config: environments[name],
    deployedBy: Object.keys(stages).filter((stage) => stages[stage].kind === 'deploy' && stages[stage].environment === name),
  }));
}

/**
 * Stage names in dependency order: every stage after the stages it needs, otherwise in
 * the order the file declares them. Stages caught in a cycle (the loader reports those)
 * come last, in declaration order, so a view still shows them all.
 */
export function stageOrder(stages: Readonly<Record<string, { needs: readonly string[] }>>): string[] {
  const names = Object.keys(stages);
  const placed = new Set<string>();
  const order: string[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const name of names) {
      if (placed.has(name)) continue;
      const needs = stages[name].needs.filter((need) => need in stages);
      if (needs.every((need) => placed.has(need))) {
        placed.add(name);
        order.push(name);
        progress = true;
      }
    }
  }
  return [...order, ...names.filter((name) => !placed.has(name))];
}

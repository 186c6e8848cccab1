import { resolve } from 'node:path';
import type { DevopsConfig, EnvironmentConfig, StageConfig } from '../config/schema';
import type { ApprovableCommand } from '../ports';
import { selectStages } from './stagePlan';

// The commands stages and deploys start, built in one place: the editor asks approval
// for exactly these, and the executors start exactly these, so the runner's check of
// an approval can never disagree with what was shown.

/** A deploy stage's own `run:` and `env:`, which take precedence over its environment's. */
export interface DeployStage {
  /** Stage name; the approval's source. */
  name: string;
  /** Its own command, instead of the environment's deploy command. */
  run?: string;
  /** Its variables. */
  env?: Record<string, string>;
}

/** The command a `run:` stage (or a release stage with its own `run:`) starts; undefined without `run:`. */
export function stageCommand(workspace: string, name: string, stage: StageConfig): ApprovableCommand | undefined {
  if (!stage.run) return undefined;
  return { purpose: { kind: stage.kind === 'release' ? 'release' : 'stage', source: name }, command: stage.run, cwd: resolve(workspace, stage.cwd ?? '.'), env: { ...stage.env } };
}

/** The command a deploy to `environment` starts; undefined when neither the stage nor the environment has one. */
export function deployCommand(workspace: string, environment: string, target: EnvironmentConfig, stage?: DeployStage): ApprovableCommand | undefined {
  const command = stage?.run ?? target.deploy;
  if (!command) return undefined;
  return { purpose: { kind: 'deploy', source: stage?.name ?? `environment ${environment}` }, command, cwd: resolve(workspace), env: { ...stage?.env } };
}

/** The commands a run of these stages would start: `run:` commands and the deploy commands of their environments. */
export function plannedCommands(config: DevopsConfig, workspace: string, stages: readonly string[] = [], includeNeeds = false): ApprovableCommand[] {
  const all = config.pipeline?.stages ?? {};
  const planned: ApprovableCommand[] = [];
  for (const name of selectStages(all, stages, includeNeeds)) {
    const stage = all[name];
    if (!stage) continue;
    const target = stage.environment ? config.environments[stage.environment] : undefined;
    if (stage.kind !== 'deploy') {
      const command = stageCommand(workspace, name, stage);
      if (command) planned.push(command);
    } else if (target && stage.environment) {
      const command = deployCommand(workspace, stage.environment, target, { name, run: stage.run, env: stage.env });
      if (command) planned.push(command);
    }
  }
  return planned;
}

import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import { CommandId } from '../commands/commandTable';
import type { CommandRunner } from '../commands/commandRunner';
import type { UserPrompts } from '../prompts/userPrompts';
import type { PipelineController } from '../../core/pipeline/pipelineController';
import { pipelineRowData } from './pipelineRowData';
import type { PipelineSession } from './pipelineSession';
import type { StageTerminals } from './stageTerminals';
import { withDeployProgress } from './deployProgress';

/** A command's first argument: a name (palette, other commands), a view row, or `{ stage }` / `{ environment }` (keybinding args). */
function nameFrom(arg: unknown, key: 'stage' | 'environment'): string | undefined {
  return typeof arg === 'string' ? arg : pipelineRowData(arg)[key];
}

function stagesFrom(arg: unknown): string[] {
  const stages = arg && typeof arg === 'object' ? (arg as { stages?: unknown }).stages : undefined;
  return Array.isArray(stages) ? stages.filter((s): s is string => typeof s === 'string') : [];
}

async function pick(prompts: UserPrompts, topic: string, names: string[], placeHolder: string): Promise<string> {
  if (names.length === 0) throw new DevopsError('not-found', `Nothing to choose: ${placeHolder.toLowerCase()} — devops.yaml declares none.`);
  const chosen = await prompts.pick({ topic, items: names.map((label) => ({ label, value: label })), placeHolder });
  if (chosen === undefined) throw new DevopsError('cancelled', 'nothing chosen');
  return chosen;
}

/** The log file a command argument points at: a path, a run's stage row, a stage row (its latest run), an environment row. */
function logFileFrom(arg: unknown, session: PipelineSession, controller: PipelineController): string | undefined {
  if (typeof arg === 'string') return arg;
  const target = pipelineRowData(arg);
  if (target.logFile !== undefined) return target.logFile;
  const pipeline = session.current;
  const runs = pipeline ? [...(pipeline.engine.current ? [pipeline.engine.current] : []), ...pipeline.history.list] : [];
  if (target.stage !== undefined) return runs.flatMap((r) => r.stages).find((s) => s.name === target.stage && s.status !== 'waiting' && s.status !== 'skipped')?.logFile;
  return target.environment === undefined ? undefined : controller.deployLogs.get(target.environment);
}

/** Registers the Pipeline view's commands. */
export function registerPipelineCommands(commands: CommandRunner, session: PipelineSession, controller: PipelineController, terminals: StageTerminals, prompts: UserPrompts): vscode.Disposable[] {
  const stageNames = (): string[] => Object.keys(session.config?.pipeline?.stages ?? {});
  const environmentNames = (): string[] => Object.keys(session.config?.environments ?? {});
  const engineEnvironments = (): string[] => Object.entries(session.config?.environments ?? {}).filter(([, e]) => e.target).map(([name]) => name);
  return [
    // Keybinding args may name stages: { "stages": ["build", "test"] }.
    commands.register(CommandId.pipelineRun, (arg) => controller.run({ stages: stagesFrom(arg) })),
    commands.register(CommandId.pipelineRunStage, async (arg) => {
      const stage = nameFrom(arg, 'stage') ?? (await pick(prompts, 'pipeline.stage', stageNames(), 'Stage to run'));
      return controller.run({ stages: [stage] });
    }),
    commands.register(CommandId.pipelineRerunFailed, (arg) => {
      const { runId } = pipelineRowData(arg);
      return controller.rerunFailed(runId === undefined ? undefined : session.current?.history.list.find((r) => r.id === runId));
    }),
    commands.register(CommandId.pipelineCancel, () => {
      if (!controller.cancel()) void prompts.notify({ topic: 'pipeline.cancel', level: 'info', text: 'No pipeline run or deploy is running.' });
    }),
    commands.register(CommandId.pipelineOpenLog, async (arg) => {
      const file = logFileFrom(arg, session, controller);
      if (!file) throw new DevopsError('not-found', 'This row has no log yet: it has not run.');
      const stage = nameFrom(arg, 'stage');
      if (stage && session.current?.engine.current?.stages.some((s) => s.name === stage && s.status === 'running') && terminals.show(stage)) return;
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
    }),
    commands.register(CommandId.pipelineDeploy, async (arg) => {
      const fromStage = nameFrom(arg, 'stage');
      const stageTarget = fromStage ? session.config?.pipeline?.stages[fromStage]?.environment : undefined;
      const environment = nameFrom(arg, 'environment') ?? stageTarget ?? (await pick(prompts, 'pipeline.environment', environmentNames(), 'Environment to deploy to'));
      if (!session.config?.environments[environment]?.target) return controller.deploy(environment);
      return withDeployProgress(session, controller, `Deploying to ${environment}`, () => controller.deploy(environment));
    }),
    commands.register(CommandId.pipelineRollback, async (arg) => {
      const environment = nameFrom(arg, 'environment') ?? (await pick(prompts, 'pipeline.environment', engineEnvironments(), 'Environment to roll back'));
      return withDeployProgress(session, controller, `Rolling back ${environment}`, () => controller.rollback(environment));
    }),
    // Keybinding args may name both: { "environment": "production", "from": "staging" }.
    commands.register(CommandId.pipelinePromote, async (arg) => {
      const environment = nameFrom(arg, 'environment') ?? (await pick(prompts, 'pipeline.environment', engineEnvironments(), 'Environment to promote to'));
      const sources = engineEnvironments().filter((name) => name !== environment);
      const named = arg && typeof arg === 'object' ? (arg as { from?: unknown }).from : undefined;
      const from = typeof named === 'string' ? named : sources.length === 1 && sources[0] ? sources[0] : await pick(prompts, 'pipeline.promoteFrom', sources, `Environment whose image goes to ${environment}`);
      return withDeployProgress(session, controller, `Promoting ${from} to ${environment}`, () => controller.promote(environment, from));
    }),
  ];
}

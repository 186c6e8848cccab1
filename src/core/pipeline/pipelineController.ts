import type { DevopsConfig, EnvironmentConfig } from '../config/schema';
import { DevopsError } from '../errors';
import type { ApprovableCommand, CommandApprover, Git } from '../ports';
import type { EnvironmentState } from './environmentsModel';
import type { RunRequest } from './pipelineEngine';
import { readDeployVersion, readRunOrigin } from './runOrigin';
import type { PipelineRun } from './runTypes';
import { deployCommand, plannedCommands } from './stageCommands';
import { selectStages } from './stagePlan';
import type { TargetState } from './targetState';

/** The local runner the controller drives, as backends/pipeline/local/localPipeline.ts builds it. */
export interface ControlledPipeline {
  readonly engine: { readonly current: Readonly<PipelineRun> | undefined; cancel(): boolean };
  readonly history: { readonly list: readonly PipelineRun[] };
  readonly environments: { get(name: string): EnvironmentState | undefined };
  /** Git of the workspace, through the same runner. */
  readonly git: Git;
  /** Reads again what an environment's engine target runs (all when none is named). */
  readTargets(environment?: string): Promise<void>;
  /** Runs stages (or one deploy) and saves the finished run to history before resolving; onStarted once it is accepted. */
  run(request: RunRequest, onStarted?: (run: Readonly<PipelineRun>) => void): Promise<PipelineRun>;
}

/** Where the controller finds the runner, and tells what happened. */
export interface PipelineHost {
  /** The runner for devops.yaml as it is now, built (and its history read) on first use. */
  get(): Promise<ControlledPipeline | undefined>;
  /** The runner as built so far. */
  readonly current: ControlledPipeline | undefined;
  /** devops.yaml (the last good one while it has errors). */
  readonly config: DevopsConfig | undefined;
  /** The folder of devops.yaml. */
  readonly workspace: string | undefined;
  /** A run finished and was saved to history. */
  announceFinished(run: PipelineRun): void;
}

/** A rollback or promotion the modal asks about, with its sentence ("Roll back production from 1.5.0 to 1.4.0"). */
export interface DeployChange {
  action: 'rollback' | 'promote';
  text: string;
}

/** The modal of a protected environment: yes only when the user confirmed. */
export interface DeployConfirmer {
  /** `change` names a rollback or promotion; absent for a deploy of the workspace's version. */
  confirmDeploy(environment: string, version: string, commit: string | undefined, change?: DeployChange): Promise<boolean>;
}

/** Refuses what is not allowed in an untrusted workspace, naming the action. */
export interface TrustCheck {
  assertTrusted(action: string): void;
}

/** What to run from the editor. */
export interface EditorRunRequest {
  /** Stage names; empty runs the whole pipeline. */
  stages?: string[];
  includeNeeds?: boolean;
  /** False when a task terminal shows the output instead of the stage terminals. */
  terminals?: boolean;
}

/**
 * Every entry point (view, palette, keybinding, task) runs stages and deploys through
 * here, so each gets the same checks in the same order: trust, approved command texts,
 * protected-environment confirmation, then the core's own refusals (one run, one deploy
 * per environment). A refusal is thrown as a typed error.
 */
export class PipelineController {
  private readonly quietRuns = new Set<string>();
  /** Log file of the last deploy started from the editor, per environment. */
  readonly deployLogs = new Map<string, string>();

  constructor(
    private readonly session: PipelineHost,
    private readonly approvals: CommandApprover,
    private readonly questions: DeployConfirmer,
    private readonly trust: TrustCheck,
  ) {}

  /** True for a run whose output a task terminal shows. */
  isQuiet(runId: string): boolean {
    return this.quietRuns.has(runId);
  }

  /** Runs stages; resolves with the finished run (saved to history), or undefined when the user declined. */
  async run(request: EditorRunRequest, onStarted?: (runId: string) => void): Promise<PipelineRun | undefined> {
    const what = request.stages && request.stages.length > 0 ? `stage ${request.stages.map((s) => `"${s}"`).join(', ')}` : 'the pipeline';
    const { pipeline, config } = await this.prepare(`running ${what}`);
    this.assertIdle(pipeline);
    const stages = config.pipeline?.stages ?? {};
    const selection = selectStages(stages, request.stages ?? [], request.includeNeeds ?? false);
    if (!(await this.approve(plannedCommands(config, this.session.workspace ?? '', request.stages ?? [], request.includeNeeds ?? false)))) return undefined;
    const confirmed: string[] = [];
    for (const environment of new Set(selection.map((name) => stages[name]?.environment).filter((e): e is string => !!e && config.environments[e]?.protected === true))) {
      await this.confirmProtected(pipeline, environment);
      confirmed.push(environment);
    }
    return this.start(pipeline, { stages: request.stages ?? [], includeNeeds: request.includeNeeds ?? false, confirmedEnvironments: confirmed }, request.terminals ?? true, (run) => onStarted?.(run.id));
  }

  /** Runs again what did not succeed in `run` (default: the newest run in history). */
  async rerunFailed(run?: PipelineRun): Promise<PipelineRun | undefined> {
    this.trust.assertTrusted('rerunning failed stages');
    const pipeline = await this.session.get();
    const previous = run ?? pipeline?.history.list[0];
    if (!previous) throw new DevopsError('not-found', 'There is no earlier run to rerun.');
    const again = previous.stages.filter((s) => s.status !== 'succeeded').map((s) => s.name);
    if (again.length === 0) throw new DevopsError('not-found', `Run ${previous.id} has no failed stage to rerun.`);
    return this.run({ stages: again });
  }

  /** Cancels the run in progress (a deploy is one too); false when nothing ran. */
  cancel(): boolean {
    return this.session.current?.engine.cancel() ?? false;
  }

  /**
   * Deploys the workspace's version to one environment with its deploy command, as a run
   * of its own (the same request as `devops-loop deploy`), so it lands in history and the
   * Runs section; undefined when declined.
   */
  async deploy(environment: string): Promise<PipelineRun | undefined> {
    const { pipeline, config } = await this.prepare(`deploying to "${environment}"`);
    const target = config.environments[environment];
    if (!target) throw new DevopsError('not-found', `No environment named "${environment}" in devops.yaml.`);
    this.assertFree(pipeline, environment);
    // An engine target runs no command: the engine is told which image to run.
    const command = target.target ? undefined : deployCommand(this.session.workspace ?? '', environment, target);
    if (!command && !target.target) throw new DevopsError('invalid-config', `Environment "${environment}" has no deploy command in devops.yaml.`);
    if (command && !(await this.approve([command]))) return undefined;
    if (target.protected) await this.confirmProtected(pipeline, environment);
    return this.startDeploy(pipeline, { deployTo: environment, confirmedEnvironments: target.protected ? [environment] : [] });
  }

  /**
   * Rolls an engine target back to the spec the engine kept from before its last update, as
   * a run of its own like a deploy; refused while the target rolls out or when the engine
   * keeps nothing to return to. Undefined when the confirmation was declined.
   */
  async rollback(environment: string): Promise<PipelineRun | undefined> {
    const { pipeline, config } = await this.prepare(`rolling back "${environment}"`);
    const target = this.engineTarget(config, environment, 'rolled back');
    this.assertFree(pipeline, environment);
    const running = await this.readOnTarget(pipeline, environment);
    const previous = running.previous;
    if (!previous) throw new DevopsError('not-found', `${running.target} has no previous version to roll back to: the engine keeps none until it was updated once.`);
    const to = previous.version ?? previous.image;
    if (target.protected) await this.confirmProtected(pipeline, environment, { version: to, change: { action: 'rollback', text: `Roll back ${environment} from ${running.version ?? running.image} to ${to}` } });
    return this.startDeploy(pipeline, { deployTo: environment, deployAction: { kind: 'rollback' }, confirmedEnvironments: target.protected ? [environment] : [] });
  }

  /** Deploys the image another environment's target runs (staging → production) to this one, as a run of its own. */
  async promote(environment: string, from: string): Promise<PipelineRun | undefined> {
    const { pipeline, config } = await this.prepare(`promoting to "${environment}"`);
    const target = this.engineTarget(config, environment, 'promoted to');
    if (from === environment) throw new DevopsError('invalid-config', `"${environment}" cannot be promoted from itself.`);
    this.engineTarget(config, from, 'promoted from');
    this.assertFree(pipeline, environment);
    const source = await this.readOnTarget(pipeline, from);
    const version = source.version ?? source.image;
    if (target.protected) await this.confirmProtected(pipeline, environment, { version, change: { action: 'promote', text: `Promote ${version} from ${from} to ${environment}` } });
    return this.startDeploy(pipeline, { deployTo: environment, deployAction: { kind: 'promote', from }, confirmedEnvironments: target.protected ? [environment] : [] });
  }

  private startDeploy(pipeline: ControlledPipeline, request: RunRequest & { deployTo: string }): Promise<PipelineRun> {
    return this.start(pipeline, request, true, (run) => {
      const logFile = run.stages[0]?.logFile;
      if (logFile) this.deployLogs.set(request.deployTo, logFile);
    });
  }

  private engineTarget(config: DevopsConfig, environment: string, what: string): EnvironmentConfig {
    const target = config.environments[environment];
    if (!target) throw new DevopsError('not-found', `No environment named "${environment}" in devops.yaml.`);
    if (!target.target) throw new DevopsError('invalid-config', `"${environment}" deploys with a command, not to an engine target: only an engine target can be ${what}.`);
    return target;
  }

  /** What the engine says runs now (read fresh); throws when it cannot be read or is rolling out. */
  private async readOnTarget(pipeline: ControlledPipeline, environment: string): Promise<TargetState> {
    await pipeline.readTargets(environment);
    const state = pipeline.environments.get(environment);
    if (!state?.onTarget) throw new DevopsError('unavailable', `What "${environment}" runs could not be read${state?.targetError ? `: ${state.targetError}` : ''}.`);
    const rollout = state.onTarget.rollout;
    if (rollout === 'updating' || rollout === 'rollback_started') throw new DevopsError('conflict', `${state.onTarget.target} is rolling out (${rollout}); wait for it to finish.`);
    return state.onTarget;
  }

  /** Starts a run through the one path every entry point shares; resolves once it is saved and announced. */
  private async start(pipeline: ControlledPipeline, request: RunRequest, terminals: boolean, onStarted: (run: Readonly<PipelineRun>) => void): Promise<PipelineRun> {
    const run = await pipeline.run(request, (started) => {
      if (!terminals) this.quietRuns.add(started.id);
      onStarted(started);
    });
    this.session.announceFinished(run);
    return run;
  }

  private assertFree(pipeline: ControlledPipeline, environment: string): void {
    this.assertIdle(pipeline);
    const running = pipeline.environments.get(environment)?.running;
    if (running) {
      throw new DevopsError('conflict', `A deploy to "${environment}" is already running by ${running.who} since ${new Date(running.since).toLocaleTimeString()}${running.version ? ` (version ${running.version})` : ''}: one deploy per environment at a time.`);
    }
  }

  private assertIdle(pipeline: ControlledPipeline): void {
    const current = pipeline.engine.current;
    if (current) throw new DevopsError('conflict', `Run ${current.id} is still running: cancel it or wait for it to finish.`);
  }

  private async prepare(action: string): Promise<{ pipeline: ControlledPipeline; config: DevopsConfig }> {
    this.trust.assertTrusted(action);
    const pipeline = await this.session.get();
    const config = this.session.config;
    if (!pipeline || !config) throw new DevopsError('invalid-config', `Cannot start ${action.replace(/^running /, '')}: devops.yaml is missing or invalid.`);
    return { pipeline, config };
  }

  private approve(planned: ApprovableCommand[]): Promise<boolean> {
    return this.approvals.ensureApproved(planned, 'modal');
  }

  /** Asks in the modal naming environment, version and commit; a no is a refusal. */
  private async confirmProtected(pipeline: ControlledPipeline, environment: string, change?: { version: string; change: DeployChange }): Promise<void> {
    if (change) {
      if (await this.questions.confirmDeploy(environment, change.version, undefined, change.change)) return;
      throw new DevopsError('forbidden', `${change.change.text} was not confirmed for the protected environment: nothing ran.`);
    }
    const workspace = this.session.workspace ?? '';
    const origin = await readRunOrigin(pipeline.git);
    const version = await readDeployVersion(workspace, origin.commit);
    if (await this.questions.confirmDeploy(environment, version, origin.commit)) return;
    throw new DevopsError('forbidden', `Deploy to the protected environment "${environment}" was not confirmed: nothing ran.`);
  }

}

import { join } from 'node:path';
import type { LocalPipeline } from '../../backends/pipeline/local/localPipeline';
import { readDeployVersion, readRunOrigin } from '../../backends/pipeline/local/workspaceOrigin';
import type { DevopsConfig } from '../../core/config/schema';
import { DevopsError } from '../../core/errors';
import type { DeployRecord } from '../../core/pipeline/deployTypes';
import { newRunId } from '../../core/pipeline/pipelineEngine';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import { StageLog } from '../../core/pipeline/stageLog';
import { deployCommand, plannedCommands } from '../../core/pipeline/stageCommands';
import { selectStages } from '../../core/pipeline/stagePlan';
import type { ApprovableCommand, CommandApprover } from '../../core/ports';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { PipelineQuestions } from './pipelineQuestions';
import type { PipelineSession } from './pipelineSession';

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
  private readonly deploys = new Map<string, AbortController>();
  /** Log file of the last deploy started from the editor, per environment. */
  readonly deployLogs = new Map<string, string>();

  constructor(
    private readonly session: PipelineSession,
    private readonly approvals: CommandApprover,
    private readonly questions: PipelineQuestions,
    private readonly trust: WorkspaceTrustGate,
  ) {}

  /** True for a run whose output a task terminal shows. */
  isQuiet(runId: string): boolean {
    return this.quietRuns.has(runId);
  }

  /** Runs stages; resolves with the finished run (saved to history), or undefined when the user declined. */
  async run(request: EditorRunRequest, onStarted?: (runId: string) => void): Promise<PipelineRun | undefined> {
    const what = request.stages && request.stages.length > 0 ? `stage ${request.stages.map((s) => `"${s}"`).join(', ')}` : 'the pipeline';
    const { pipeline, config } = await this.prepare(`running ${what}`);
    if (pipeline.engine.current) throw new DevopsError('conflict', `Run ${pipeline.engine.current.id} is still running: cancel it or wait for it to finish.`);
    const stages = config.pipeline?.stages ?? {};
    const selection = selectStages(stages, request.stages ?? [], request.includeNeeds ?? false);
    if (!(await this.approve(plannedCommands(config, this.session.workspace ?? '', request.stages ?? [], request.includeNeeds ?? false)))) return undefined;
    const confirmed: string[] = [];
    for (const environment of new Set(selection.map((name) => stages[name]?.environment).filter((e): e is string => !!e && config.environments[e]?.protected === true))) {
      await this.confirmProtected(pipeline, environment);
      confirmed.push(environment);
    }
    const running = pipeline.run({ stages: request.stages ?? [], includeNeeds: request.includeNeeds ?? false, confirmedEnvironments: confirmed });
    // The engine sets its current run synchronously inside run(), before any output.
    const runId = (pipeline.engine.current as Readonly<PipelineRun> | undefined)?.id;
    if (runId && request.terminals === false) this.quietRuns.add(runId);
    if (runId) onStarted?.(runId);
    const run = await running;
    this.session.announceFinished(run);
    return run;
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

  /** Cancels the run in progress and every deploy started from the editor; false when nothing ran. */
  cancel(): boolean {
    const deploys = [...this.deploys.values()];
    deploys.forEach((d) => d.abort());
    return (this.session.current?.engine.cancel() ?? false) || deploys.length > 0;
  }

  /** Deploys the workspace's version to one environment with its deploy command; undefined when declined. */
  async deploy(environment: string): Promise<DeployRecord | undefined> {
    const { pipeline, config } = await this.prepare(`deploying to "${environment}"`);
    const target = config.environments[environment];
    if (!target) throw new DevopsError('not-found', `No environment named "${environment}" in devops.yaml.`);
    const running = pipeline.environments.get(environment)?.running;
    if (running || this.deploys.has(environment)) {
      const who = running ? ` by ${running.who} since ${new Date(running.since).toLocaleTimeString()}${running.version ? ` (version ${running.version})` : ''}` : '';
      throw new DevopsError('conflict', `A deploy to "${environment}" is already running${who}: one deploy per environment at a time.`);
    }
    const command = deployCommand(this.session.workspace ?? '', environment, target);
    if (!command) throw new DevopsError('invalid-config', `Environment "${environment}" has no deploy command in devops.yaml.`);
    if (!(await this.approve([command]))) return undefined;
    const workspace = this.session.workspace ?? '';
    const origin = await readRunOrigin(pipeline.git);
    const version = await readDeployVersion(workspace, origin.commit);
    if (target.protected && !(await this.questions.confirmDeploy(environment, version, origin.commit))) {
      throw new DevopsError('forbidden', `Deploy to the protected environment "${environment}" was not confirmed: nothing was deployed.`);
    }
    await pipeline.checkStateFolder();
    const runId = `deploy-${newRunId(Date.now())}`;
    const log = await StageLog.create(join(pipeline.deployer.stateDir, 'runs', runId, `deploy-${environment}.log`));
    this.deployLogs.set(environment, log.path);
    const controller = new AbortController();
    this.deploys.set(environment, controller);
    try {
      return await pipeline.deployer.deploy({
        environment,
        version,
        ...(origin.commit ? { commit: origin.commit } : {}),
        who: origin.who,
        ...(target.protected ? { confirmation: { environment } } : {}),
        log,
        onOutput: (chunk) => this.session.fireOutput({ runId, stage: `deploy ${environment}`, chunk }),
        signal: controller.signal,
      });
    } finally {
      this.deploys.delete(environment);
      await log.close();
    }
  }

  private async prepare(action: string): Promise<{ pipeline: LocalPipeline; config: DevopsConfig }> {
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
  private async confirmProtected(pipeline: LocalPipeline, environment: string): Promise<void> {
    const workspace = this.session.workspace ?? '';
    const origin = await readRunOrigin(pipeline.git);
    const version = await readDeployVersion(workspace, origin.commit);
    if (await this.questions.confirmDeploy(environment, version, origin.commit)) return;
    throw new DevopsError('forbidden', `Deploy to the protected environment "${environment}" was not confirmed: nothing ran.`);
  }

}

import { DevopsError } from '../../../core/errors';
import { parseDurationMs } from '../../../core/duration';
import type { StageContext, StageExecutor, StageOutcome } from '../../../core/pipeline/stageExecutor';
import type { DeployRecord } from '../../../core/pipeline/deployTypes';
import type { LocalDeployer } from './localDeployer';
import { readDeployVersion } from '../../../core/pipeline/runOrigin';

function succeeded(record: DeployRecord): string {
  if (record.action === 'rollback') return `rolled ${record.environment} back to ${record.version}`;
  if (record.action === 'promote') return `promoted ${record.version} from ${record.from ?? 'another environment'} to ${record.environment}`;
  return `deployed ${record.version} to ${record.environment}`;
}

/** `kind: deploy`: deploys the stage's environment through the deployer (lock, confirmation, audit). */
export class DeployStageExecutor implements StageExecutor {
  constructor(private readonly deployer: LocalDeployer) {}

  async execute(context: StageContext): Promise<StageOutcome> {
    const { config, run, stage } = context;
    if (!config.environment) return { ok: false, reason: `stage "${stage.name}" has no environment to deploy to` };
    try {
      const record = await this.deployer.deploy({
        environment: config.environment,
        version: await readDeployVersion(context.workspace, run.commit),
        ...(run.commit ? { commit: run.commit } : {}),
        who: run.who,
        ...(context.confirmedEnvironments.has(config.environment) ? { confirmation: { environment: config.environment } } : {}),
        stage: { name: stage.name, ...(config.run ? { run: config.run } : {}), env: config.env },
        ...(context.deployAction ? { action: context.deployAction } : {}),
        ...(config.timeout ? { timeoutMs: parseDurationMs(config.timeout) } : {}),
        runId: run.id,
        log: context.log,
        onOutput: context.onOutput,
        signal: context.signal,
      });
      const ok = record.result === 'succeeded';
      return { ok, cancelled: record.result === 'cancelled', reason: ok ? succeeded(record) : record.reason };
    } catch (error) {
      if (DevopsError.is(error)) return { ok: false, reason: error.message };
      throw error;
    }
  }
}

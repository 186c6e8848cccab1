import type { EnvironmentConfig } from '../../../core/config/schema';
import { parseDurationMs } from '../../../core/duration';
import { DevopsError, isCancellation } from '../../../core/errors';
import type { TargetState } from '../../../core/pipeline/targetState';
import type { EngineAccess } from '../engineAccess';
import { imageTags } from '../image/imageStageExecutor';
import { deployToSwarm } from './swarmDeploy';
import { assertNotRollingOut, inspectService } from './swarmService';
import { readSwarmTarget } from './swarmTarget';

// Deploys of environments whose `target` is an engine workload, and what those targets run.
// The check before a deploy refuses (throws) while the target rolls out, so a refused deploy
// records nothing; a deploy that ran ends as an outcome for the audit.

export interface TargetDeploy {
  environment: string;
  config: EnvironmentConfig;
  version: string;
  who: string;
  timeoutMs?: number;
  say: (text: string) => void;
  signal: AbortSignal;
}

/** Throws DevopsError: not-found (no such service), conflict (its rollout is in progress), or the engine's refusal. */
export async function checkTargetFree(engines: EngineAccess, config: EnvironmentConfig, signal: AbortSignal): Promise<void> {
  if (!config.target) return;
  assertNotRollingOut(await inspectService(engines.docker(), config.target.swarm, signal));
}

export async function deployToTarget(engines: EngineAccess, deploy: TargetDeploy): Promise<{ ok: boolean; cancelled?: boolean; reason: string }> {
  const { config } = deploy;
  if (!config.target || !config.image) return { ok: false, reason: `environment "${deploy.environment}" has no engine target and image` };
  const [tag] = imageTags(deploy.version, undefined);
  try {
    return await deployToSwarm(engines.docker(), {
      service: config.target.swarm,
      image: `${config.image}:${tag}`,
      version: deploy.version,
      who: deploy.who,
      rollback: config.rollback,
      timeoutMs: deploy.timeoutMs ?? parseDurationMs(config.rolloutTimeout),
      say: deploy.say,
      signal: deploy.signal,
    });
  } catch (error) {
    if (isCancellation(error) || deploy.signal.aborted) return { ok: false, cancelled: true, reason: DevopsError.is(error) ? error.message : 'cancelled' };
    if (!DevopsError.is(error)) throw error;
    deploy.say(error.message);
    return { ok: false, reason: error.message };
  }
}

/** What the environment's target runs, read from its engine. */
export function readTarget(engines: EngineAccess, config: EnvironmentConfig, signal: AbortSignal): Promise<TargetState> | undefined {
  return config.target ? readSwarmTarget(engines.docker(), config.target.swarm, signal) : undefined;
}

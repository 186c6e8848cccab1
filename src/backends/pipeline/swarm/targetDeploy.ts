import type { EnvironmentConfig } from '../../../core/config/schema';
import { parseDurationMs } from '../../../core/duration';
import { DevopsError, isCancellation } from '../../../core/errors';
import type { TargetState } from '../../../core/pipeline/targetState';
import type { EngineAccess } from '../engineAccess';
import { imageTags } from '../image/imageStageExecutor';
import { deployToSwarm } from './swarmDeploy';
import { rollbackDestination, rollbackSwarm } from './swarmRollback';
import { assertNotRollingOut, inspectService } from './swarmService';
import { readSwarmTarget } from './swarmTarget';

// Deploys, rollbacks and promotions of environments whose `target` is an engine workload,
// and what those targets run. Each dispatches on the target's kind (Swarm today).
// The check before a deploy refuses (throws) while the target rolls out, so a refused deploy
// records nothing; a deploy that ran ends as an outcome for the audit.

export interface TargetDeploy {
  environment: string;
  config: EnvironmentConfig;
  version: string;
  /** repository:tag to run instead of the environment's image at the version's tag (a promotion). */
  image?: string;
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
  if (!config.target || (!config.image && !deploy.image)) return { ok: false, reason: `environment "${deploy.environment}" has no engine target and image` };
  const [tag] = imageTags(deploy.version, undefined);
  try {
    return await deployToSwarm(engines.docker(), {
      service: config.target.swarm,
      image: deploy.image ?? `${config.image}:${tag}`,
      version: deploy.version,
      who: deploy.who,
      rollback: config.rollback,
      timeoutMs: deploy.timeoutMs ?? parseDurationMs(config.rolloutTimeout),
      say: deploy.say,
      signal: deploy.signal,
    });
  } catch (error) {
    return engineFailure(error, deploy);
  }
}

/** What a rollback of the environment's target returns to; throws conflict (rolling out) or not-found (nothing to return to). */
export async function rollbackDestinationOf(engines: EngineAccess, config: EnvironmentConfig, signal: AbortSignal): Promise<{ image: string; version?: string }> {
  if (!config.target) throw new DevopsError('invalid-config', 'only an environment with an engine target can be rolled back');
  return rollbackDestination(await inspectService(engines.docker(), config.target.swarm, signal));
}

/** The engine's own rollback of the environment's target, followed to its end. */
export async function rollbackTarget(engines: EngineAccess, rollback: Omit<TargetDeploy, 'version' | 'image' | 'who'>): Promise<{ ok: boolean; cancelled?: boolean; reason: string }> {
  const { config } = rollback;
  if (!config.target) return { ok: false, reason: `environment "${rollback.environment}" has no engine target to roll back` };
  try {
    return await rollbackSwarm(engines.docker(), { service: config.target.swarm, timeoutMs: rollback.timeoutMs ?? parseDurationMs(config.rolloutTimeout), say: rollback.say, signal: rollback.signal });
  } catch (error) {
    return engineFailure(error, rollback);
  }
}

// A refusal or failure of the engine ends the deploy with its message; anything else is a bug.
function engineFailure(error: unknown, work: { say: (text: string) => void; signal: AbortSignal }): { ok: boolean; cancelled?: boolean; reason: string } {
  if (isCancellation(error) || work.signal.aborted) return { ok: false, cancelled: true, reason: DevopsError.is(error) ? error.message : 'cancelled' };
  if (!DevopsError.is(error)) throw error;
  work.say(error.message);
  return { ok: false, reason: error.message };
}

/** What the environment's target runs, read from its engine. */
export function readTarget(engines: EngineAccess, config: EnvironmentConfig, signal: AbortSignal): Promise<TargetState> | undefined {
  return config.target ? readSwarmTarget(engines.docker(), config.target.swarm, signal) : undefined;
}

import type { EnvironmentConfig } from '../../../core/config/schema';
import { parseDurationMs } from '../../../core/duration';
import { DevopsError, isCancellation } from '../../../core/errors';
import type { TargetState } from '../../../core/pipeline/targetState';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import type { EngineAccess } from '../engineAccess';
import { composeRollbackPlan, rollbackCompose } from '../compose/composeRollback';
import { assertNoComposeDeploy, findComposeService, parseComposeRef } from '../compose/composeService';
import { deployToCompose } from '../compose/composeDeploy';
import { readComposeTarget } from '../compose/composeTarget';
import { imageTags } from '../image/imageStageExecutor';
import { findRegistryLogin, registryAuthHeader, registryHost } from '../image/registryCredentials';
import { deployToKubernetes } from '../kubernetes/kubeDeploy';
import { kubeRollbackDestination, rollbackKubernetes } from '../kubernetes/kubeRollback';
import { readKubernetesTarget } from '../kubernetes/kubeTarget';
import { assertNotRollingOut as assertKubeFree, readWorkload, type WorkloadRef } from '../kubernetes/kubeWorkload';
import { deployToSwarm } from './swarmDeploy';
import { rollbackDestination, rollbackSwarm } from './swarmRollback';
import { assertNotRollingOut, inspectService } from './swarmService';
import { readSwarmTarget } from './swarmTarget';

// Deploys, rollbacks and promotions of environments whose `target` is an engine workload,
// and what those targets run: a dispatcher between Swarm services, Compose services and
// Kubernetes workloads.
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
  /** How often a rollout's status is read (a Kubernetes one only when its watch cannot be opened); tests shorten it. */
  pollMs?: number;
}

type Target = NonNullable<EnvironmentConfig['target']>;

/** The Kubernetes workload a target names, its namespace from devops.yaml or the context. */
async function kubeTarget(engines: EngineAccess, target: Target & { kubernetes: string }): Promise<{ client: KubeClient; ref: WorkloadRef }> {
  const client = await engines.kubernetes(target.context);
  const [kind, name = ''] = target.kubernetes.split('/') as ['deployment' | 'statefulset', string];
  const namespace = target.namespace ?? client.session.namespaces[0] ?? 'default';
  return { client, ref: { kind, name, namespace, ...(target.container !== undefined ? { container: target.container } : {}) } };
}

function isKube(target: Target): target is Target & { kubernetes: string } {
  return target.kubernetes !== undefined;
}

function isCompose(target: Target): target is Target & { compose: string } {
  return target.compose !== undefined;
}

/** Throws DevopsError: not-found (no such workload), conflict (its rollout is in progress), or the engine's refusal. */
export async function checkTargetFree(engines: EngineAccess, config: EnvironmentConfig, signal: AbortSignal): Promise<void> {
  const target = config.target;
  if (!target) return;
  if (isKube(target)) {
    const { client, ref } = await kubeTarget(engines, target);
    return assertKubeFree(await readWorkload(client, ref, signal), ref);
  }
  if (target.compose !== undefined) assertNoComposeDeploy(await findComposeService(engines.docker(), parseComposeRef(target.compose), signal));
  if (target.swarm !== undefined) assertNotRollingOut(await inspectService(engines.docker(), target.swarm, signal));
}

/** The X-Registry-Auth a pull of an image sends: the login of its own registry only. */
function pullAuth(engines: EngineAccess): (image: string) => Promise<string> {
  return async (image) => {
    const host = registryHost(image.replace(/:[^/:]+$/, ''));
    return registryAuthHeader(host, await findRegistryLogin(host, { ...(engines.secrets ? { secrets: engines.secrets } : {}), env: engines.env }));
  };
}

export async function deployToTarget(engines: EngineAccess, deploy: TargetDeploy): Promise<{ ok: boolean; cancelled?: boolean; reason: string }> {
  const { config } = deploy;
  const target = config.target;
  if (!target || (!config.image && !deploy.image)) return { ok: false, reason: `environment "${deploy.environment}" has no engine target and image` };
  const [tag] = imageTags(deploy.version, undefined);
  const common = {
    image: deploy.image ?? `${config.image}:${tag}`,
    version: deploy.version,
    who: deploy.who,
    rollback: config.rollback,
    timeoutMs: deploy.timeoutMs ?? parseDurationMs(config.rolloutTimeout),
    say: deploy.say,
    signal: deploy.signal,
    ...(deploy.pollMs !== undefined ? { pollMs: deploy.pollMs } : {}),
  };
  try {
    if (isKube(target)) {
      const { client, ref } = await kubeTarget(engines, target);
      return await deployToKubernetes(client, { ...common, ref });
    }
    if (target.compose !== undefined) return await deployToCompose(engines.docker(), { ...common, ref: parseComposeRef(target.compose), registryAuth: pullAuth(engines) });
    if (target.swarm === undefined) return { ok: false, reason: `the target of environment "${deploy.environment}" names no workload` };
    return await deployToSwarm(engines.docker(), { ...common, service: target.swarm });
  } catch (error) {
    return engineFailure(error, deploy);
  }
}

/** What a rollback of the environment's target returns to; throws conflict (rolling out), not-found (nothing to return to) or invalid-config. */
export async function rollbackDestinationOf(engines: EngineAccess, config: EnvironmentConfig, signal: AbortSignal): Promise<{ image: string; version?: string }> {
  const target = targetToRollBack(config);
  if (isKube(target)) {
    const { client, ref } = await kubeTarget(engines, target);
    return kubeRollbackDestination(client, ref, signal);
  }
  if (isCompose(target)) {
    const { image, version } = await composeRollbackPlan(engines.docker(), parseComposeRef(target.compose), parseDurationMs(config.rolloutTimeout), signal);
    return { image, ...(version ? { version } : {}) };
  }
  return rollbackDestination(await inspectService(engines.docker(), target.swarm, signal));
}

/** The engine's rollback of the environment's target (Swarm's previous spec, a Kubernetes workload's previous revision, the containers a Compose deploy replaced), followed to its end. */
export async function rollbackTarget(engines: EngineAccess, rollback: Omit<TargetDeploy, 'version' | 'image'>): Promise<{ ok: boolean; cancelled?: boolean; reason: string }> {
  const common = { timeoutMs: rollback.timeoutMs ?? parseDurationMs(rollback.config.rolloutTimeout), say: rollback.say, signal: rollback.signal, ...(rollback.pollMs !== undefined ? { pollMs: rollback.pollMs } : {}) };
  try {
    const target = targetToRollBack(rollback.config);
    if (isKube(target)) {
      const { client, ref } = await kubeTarget(engines, target);
      return await rollbackKubernetes(client, { ...common, ref, who: rollback.who });
    }
    if (isCompose(target)) {
      return await rollbackCompose(engines.docker(), { ...common, ref: parseComposeRef(target.compose), who: rollback.who, rollback: rollback.config.rollback, registryAuth: pullAuth(engines) });
    }
    return await rollbackSwarm(engines.docker(), { ...common, service: target.swarm });
  } catch (error) {
    return engineFailure(error, rollback);
  }
}

function targetToRollBack(config: EnvironmentConfig): (Target & { kubernetes: string }) | (Target & { compose: string }) | (Target & { swarm: string }) {
  const target = config.target;
  if (!target) throw new DevopsError('invalid-config', 'only an environment with an engine target can be rolled back');
  if (isKube(target) || isCompose(target)) return target;
  if (target.swarm === undefined) throw new DevopsError('invalid-config', 'the environment\'s target names no workload to roll back');
  return { ...target, swarm: target.swarm };
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
  const target = config.target;
  if (!target) return undefined;
  if (isKube(target)) return kubeTarget(engines, target).then(({ client, ref }) => readKubernetesTarget(client, ref, signal));
  if (target.compose !== undefined) return readComposeTarget(engines.docker(), parseComposeRef(target.compose), signal);
  return target.swarm !== undefined ? readSwarmTarget(engines.docker(), target.swarm, signal) : undefined;
}

import type { DockerClient } from '../../engines/docker/dockerClient';
import type { EngineDeployRequest } from '../engineDeployRequest';
import { followRollout, type RolloutEnd } from './swarmRollout';
import { assertNotRollingOut, deployLabels, inspectService, serviceImage, type DeployedService } from './swarmService';

// A deploy to a Swarm service: its image set to the released tag with the version index it
// was read at (so a change by anyone in between is refused, never overwritten), who and
// when recorded as service labels, then the rollout followed to its end. With
// `rollback: auto` the engine itself rolls back a failing update (FailureAction), and a
// rollout that times out is rolled back through the API.

export interface SwarmDeployRequest extends EngineDeployRequest {
  service: string;
}

export interface SwarmDeployOutcome {
  ok: boolean;
  reason: string;
}

export async function deployToSwarm(client: DockerClient, request: SwarmDeployRequest): Promise<SwarmDeployOutcome> {
  const service = await inspectService(client, request.service, request.signal);
  assertNotRollingOut(service);
  const before = serviceImage(service);
  const spec = structuredClone(service.Spec) as Record<string, unknown> & DeployedService['Spec'];
  const template = (spec.TaskTemplate ??= {}) as Record<string, unknown> & { ContainerSpec?: Record<string, unknown> | null };
  template.ContainerSpec = { ...(template.ContainerSpec ?? {}), Image: request.image };
  spec.Labels = { ...(spec.Labels ?? {}), [deployLabels.image]: request.image, [deployLabels.version]: request.version, [deployLabels.by]: request.who, [deployLabels.at]: new Date().toISOString() };
  if (request.rollback === 'auto') spec.UpdateConfig = { ...((spec.UpdateConfig) ?? {}), FailureAction: 'rollback' };
  request.say(`Updating Swarm service ${service.Spec.Name}: ${before || 'no image'} → ${request.image}`);
  await client.updateService(service, spec, request.signal);
  const deadline = Date.now() + request.timeoutMs;
  const watch = { service: service.ID, previousStart: service.UpdateStatus?.StartedAt ?? undefined, replacesTasks: before !== request.image, deadline, say: request.say, signal: request.signal, ...(request.pollMs ? { pollMs: request.pollMs } : {}) };
  const result = await followRollout(client, watch);
  if (result.end === 'completed') return { ok: true, reason: `${service.Spec.Name} runs ${request.image}` };
  const why = describeEnd(result.end, result.message, request.timeoutMs);
  if (result.end === 'rollback_completed') return { ok: false, reason: `${why}; the engine rolled ${service.Spec.Name} back to ${serviceImage(result.service)}` };
  if (request.rollback !== 'auto') return { ok: false, reason: `${why}; ${service.Spec.Name} is left as it is (roll back with Rollback… on its environment, \`devops-loop rollback\`, or \`docker service rollback ${service.Spec.Name}\`)` };
  request.say(`Rolling ${service.Spec.Name} back`);
  const now = await inspectService(client, service.ID, request.signal);
  await client.updateService(now, now.Spec, request.signal, { rollback: 'previous' });
  const back = await followRollout(client, { ...watch, previousStart: now.UpdateStatus?.StartedAt ?? undefined, replacesTasks: true, deadline: Date.now() + request.timeoutMs });
  const after = back.end === 'rollback_completed' || back.end === 'completed' ? `rolled back to ${serviceImage(back.service)}` : `the rollback ended ${describeEnd(back.end, back.message, request.timeoutMs)}`;
  return { ok: false, reason: `${why}; ${after}` };
}

/** A rollout's end in words, for the deploy's reason. */
export function describeEnd(end: RolloutEnd, message: string | undefined, timeoutMs: number): string {
  if (end === 'timed-out') return `the rollout did not converge within ${Math.round(timeoutMs / 1000)} s`;
  return `the rollout ended ${end.replace('_', ' ')}${message ? ` (${message})` : ''}`;
}


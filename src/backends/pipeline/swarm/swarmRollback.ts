import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { describeEnd } from './swarmDeploy';
import { followRollout } from './swarmRollout';
import { assertNotRollingOut, inspectService, serviceImage, specVersion, type DeployedService } from './swarmService';

// A rollback of a Swarm service is the engine's own: `rollback=previous` puts PreviousSpec
// back (image, labels and all), so the version the row shows afterwards is the one the
// previous deploy recorded. This follows it like a deploy and says how it ended.

export interface SwarmRollbackRequest {
  service: string;
  timeoutMs: number;
  say: (text: string) => void;
  signal: AbortSignal;
  pollMs?: number;
}

/** What a rollback would return to; throws conflict while a rollout runs, not-found when the engine keeps no previous spec. */
export function rollbackDestination(service: DeployedService): { image: string; version?: string } {
  assertNotRollingOut(service);
  const previous = service.PreviousSpec ? specVersion(service.PreviousSpec) : undefined;
  if (!previous?.image) throw new DevopsError('not-found', `Swarm service "${service.Spec.Name}" has no previous spec to roll back to: it was never updated`);
  return previous;
}

export async function rollbackSwarm(client: DockerClient, request: SwarmRollbackRequest): Promise<{ ok: boolean; reason: string }> {
  const service = await inspectService(client, request.service, request.signal);
  const destination = rollbackDestination(service);
  const before = serviceImage(service);
  request.say(`Rolling Swarm service ${service.Spec.Name} back: ${before || 'no image'} → ${destination.image}`);
  await client.updateService(service, service.Spec, request.signal, { rollback: 'previous' });
  const result = await followRollout(client, {
    service: service.ID,
    previousStart: service.UpdateStatus?.StartedAt ?? undefined,
    replacesTasks: before !== destination.image,
    deadline: Date.now() + request.timeoutMs,
    say: request.say,
    signal: request.signal,
    ...(request.pollMs ? { pollMs: request.pollMs } : {}),
  });
  // The engine reports a finished rollback as rollback_completed; a rollback that changed no task ends "completed".
  if (result.end === 'rollback_completed' || result.end === 'completed') return { ok: true, reason: `${service.Spec.Name} rolled back to ${serviceImage(result.service)}` };
  return { ok: false, reason: `${describeEnd(result.end, result.message, request.timeoutMs)}; ${service.Spec.Name} runs ${serviceImage(result.service)}` };
}

import type { TargetState } from '../../../core/pipeline/targetState';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { deployLabels, inspectService, runningTasks, serviceImage, specVersion } from './swarmService';

// What a Swarm service runs, as the environment row and `status --json` show it. The
// deploy's labels count only while the service still runs the image that deploy set: after
// a `docker service update --image` by hand, the image's own tag and the engine's UpdatedAt
// are the truth, and who did it is unknown.

export async function readSwarmTarget(client: DockerClient, name: string, signal: AbortSignal): Promise<TargetState> {
  const service = await inspectService(client, name, signal);
  const image = serviceImage(service);
  const labels = service.Spec.Labels ?? {};
  const ours = labels[deployLabels.image] === image;
  const { version } = specVersion(service.Spec);
  const previous = service.PreviousSpec ? specVersion(service.PreviousSpec) : undefined;
  const changedAt = ours ? labels[deployLabels.at] : service.UpdatedAt;
  const changedBy = ours ? labels[deployLabels.by] : undefined;
  return {
    target: `swarm ${service.Spec.Name}`,
    image,
    replicas: await runningTasks(client, service, signal),
    ...(version ? { version } : {}),
    ...(changedAt ? { changedAt } : {}),
    ...(changedBy ? { changedBy } : {}),
    ...(service.UpdateStatus?.State ? { rollout: service.UpdateStatus.State } : {}),
    ...(previous?.image ? { previous } : {}),
  };
}

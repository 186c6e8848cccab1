import type { TargetState } from '../../../core/pipeline/targetState';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { composeDeployLabels, composeRollbackDestination, containerVersion, findComposeService, type ComposeRef } from './composeService';

// What a Compose service runs, as the environment row and `status --json` show it, from its
// containers' labels. The deploy's labels count only while a container still runs the image
// that deploy set: after a `docker compose up` with another image, the image's tag and the
// container's creation are the truth, and who did it is unknown.

export async function readComposeTarget(client: DockerClient, ref: ComposeRef, signal: AbortSignal): Promise<TargetState> {
  const state = await findComposeService(client, ref, signal);
  const newest = [...state.current].sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
  const { image, version } = newest ? containerVersion(newest) : { image: '', version: undefined };
  const labels = newest?.labels ?? {};
  const ours = labels[composeDeployLabels.image] === image;
  const changedAt = ours ? labels[composeDeployLabels.at] : newest?.created ? new Date(newest.created * 1000).toISOString() : undefined;
  const changedBy = ours ? labels[composeDeployLabels.by] : undefined;
  const previous = composeRollbackDestination(state);
  const rolling = state.replaced.some((c) => c.replaced === 'old');
  return {
    target: `compose ${state.project}/${ref.service}`,
    image,
    replicas: { running: state.current.filter((c) => c.state === 'running').length, desired: state.current.length },
    ...(version ? { version } : {}),
    ...(changedAt ? { changedAt } : {}),
    ...(changedBy ? { changedBy } : {}),
    rollout: rolling ? 'updating' : 'completed',
    ...(previous ? { previous: { image: previous.image, ...(previous.version ? { version: previous.version } : {}) } } : {}),
  };
}

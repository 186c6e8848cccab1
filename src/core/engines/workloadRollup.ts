import type { Workload, WorkloadHealth, WorkloadMember, WorkloadState } from './engineTypes';

// A workload's state and health from its members', the same way for every engine: a
// service with one replica crashing and two running is running (its replicas say 2/3),
// one with none running is failed or stopped, and unhealthy beats starting beats healthy.

/** The workload's state: `updating` while the engine rolls it, else from the members. */
export function rollupState(members: readonly WorkloadMember[], updating = false): WorkloadState {
  const running = members.some((m) => m.state === 'running' || m.state === 'starting');
  if (running && updating) return 'updating';
  if (members.some((m) => m.state === 'starting')) return 'starting';
  if (running) return 'running';
  if (members.some((m) => m.state === 'failed')) return 'failed';
  if (members.length === 0 || members.every((m) => m.state === 'stopped')) return 'stopped';
  return 'unknown';
}

/** The worst health of the running members; `none` when none of them has a check. */
export function rollupHealth(members: readonly WorkloadMember[]): WorkloadHealth {
  const live = members.filter((m) => m.state === 'running' || m.state === 'starting');
  if (live.some((m) => m.health === 'unhealthy')) return 'unhealthy';
  if (live.some((m) => m.health === 'starting')) return 'starting';
  if (live.some((m) => m.health === 'healthy')) return 'healthy';
  return 'none';
}

/** A member counts as ready when it runs and its check, if any, passes. */
export function isReady(member: WorkloadMember): boolean {
  return member.state === 'running' && (member.health === 'healthy' || member.health === 'none');
}

/** Replicas a workload wants and has ready. */
export function replicasOf(desired: number, members: readonly WorkloadMember[]): NonNullable<Workload['replicas']> {
  return { desired, ready: members.filter(isReady).length };
}

/** The version an image reference carries: the tag, unless it is pinned by digest only. */
export function imageTag(image: string | undefined): string | undefined {
  if (image === undefined || image === '' || image.startsWith('sha256:')) return undefined;
  const withoutDigest = image.split('@')[0];
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon >= 0) return lastPart.slice(colon + 1) || undefined;
  return image.includes('@') ? undefined : 'latest';
}

import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { deployToCompose, type ComposeDeployRequest } from './composeDeploy';
import { removeContainer, renameContainer, startAndWait } from './composeReplace';
import { assertNoComposeDeploy, composeRollbackDestination, describeComposeRef, findComposeService, type ComposeRef, type ComposeServiceState } from './composeService';

// Rollback… of a Compose service: the containers a failed deploy kept are put back as they
// were (the failed ones removed); without kept ones, the previous image the last deploy
// recorded on its containers is deployed again, like any deploy (a second Rollback… returns).

/** What a rollback would return to; throws conflict while a deploy runs, not-found when nothing is recorded. */
export async function composeRollbackPlan(client: DockerClient, ref: ComposeRef, signal: AbortSignal): Promise<{ state: ComposeServiceState; image: string; version?: string; kept: boolean }> {
  const state = await findComposeService(client, ref, signal);
  assertNoComposeDeploy(state);
  const destination = composeRollbackDestination(state);
  if (!destination) throw new DevopsError('not-found', `${describeComposeRef(ref)} has nothing to roll back to: no deploy of DevOps Loop recorded what its containers replaced`);
  return { state, ...destination };
}

export async function rollbackCompose(client: DockerClient, request: Omit<ComposeDeployRequest, 'image' | 'version'>): Promise<{ ok: boolean; reason: string }> {
  const plan = await composeRollbackPlan(client, request.ref, request.signal);
  const what = describeComposeRef({ project: plan.state.project, service: request.ref.service });
  if (!plan.kept) {
    request.say(`Rolling ${what} back to ${plan.version ?? plan.image}`);
    return deployToCompose(client, { ...request, image: plan.image, version: plan.version ?? plan.image });
  }
  const work = { image: plan.image, labels: {}, deadline: Date.now() + request.timeoutMs, say: request.say, signal: request.signal, ...(request.pollMs ? { pollMs: request.pollMs } : {}) };
  for (const kept of plan.state.replaced.filter((c) => c.replaced === 'kept')) {
    request.say(`Restoring ${kept.slot} (${plan.image})`);
    const failed = plan.state.current.find((c) => c.slot === kept.slot);
    if (failed) await removeContainer(client, failed.id, request.signal);
    await renameContainer(client, kept.id, kept.slot, request.signal);
    const why = await startAndWait(client, kept.id, kept.slot, work);
    if (why) return { ok: false, reason: `${why}; ${what} was rolled back to ${plan.image}, which does not serve either` };
  }
  return { ok: true, reason: `${what} rolled back to ${plan.image}` };
}

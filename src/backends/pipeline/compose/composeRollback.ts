import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { deployToCompose, type ComposeDeployRequest } from './composeDeploy';
import { removeContainer, renameContainer, startAndWait } from './composeReplace';
import { assertNoComposeDeploy, composeDeployLabels, composeRollbackDestination, describeComposeRef, findComposeService, type ComposeContainer, type ComposeRef, type ComposeServiceState } from './composeService';

// Rollback… of a Compose service: the containers a failed deploy kept are put back as they
// were (the failed ones removed); without kept ones, the previous image the last deploy
// recorded on its containers is deployed again, like any deploy (a second Rollback… returns).
// A deploy interrupted midway (the editor or CLI killed) leaves its replaced container set
// aside; once that deploy's rollout timeout has long passed, Rollback… puts it back too.

/** What a rollback would return to; throws conflict while a deploy runs, not-found when nothing is recorded. */
export async function composeRollbackPlan(client: DockerClient, ref: ComposeRef, timeoutMs: number, signal: AbortSignal): Promise<{ state: ComposeServiceState; image: string; version?: string; kept: boolean }> {
  const state = await adoptInterrupted(client, await findComposeService(client, ref, signal), timeoutMs, signal);
  assertNoComposeDeploy(state);
  const destination = composeRollbackDestination(state);
  if (!destination) throw new DevopsError('not-found', `${describeComposeRef(ref)} has nothing to roll back to: no deploy of DevOps Loop recorded what its containers replaced`);
  return { state, ...destination };
}

export async function rollbackCompose(client: DockerClient, request: Omit<ComposeDeployRequest, 'image' | 'version'>): Promise<{ ok: boolean; reason: string }> {
  const plan = await composeRollbackPlan(client, request.ref, request.timeoutMs, request.signal);
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

/** Grace past a deploy's rollout timeout before its set-aside container counts as abandoned. */
const interruptedGraceMs = 60_000;

// A set-aside container whose deploy started longer ago than any deploy may run is kept, not
// in progress. The start is its successor's deploy label, else when it was stopped.
async function adoptInterrupted(client: DockerClient, state: ComposeServiceState, timeoutMs: number, signal: AbortSignal): Promise<ComposeServiceState> {
  const replaced: ComposeContainer[] = [];
  for (const container of state.replaced) {
    let since = Date.parse(state.current.find((c) => c.slot === container.slot)?.labels[composeDeployLabels.at] ?? '');
    if (container.replaced === 'old' && Number.isNaN(since)) since = Date.parse((await client.inspectContainer(container.id, signal)).State?.FinishedAt ?? '');
    replaced.push(container.replaced === 'old' && Date.now() - since > timeoutMs + interruptedGraceMs ? { ...container, replaced: 'kept' } : container);
  }
  return { ...state, replaced };
}

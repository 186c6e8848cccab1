import { DevopsError, isCancellation } from '../../../core/errors';
import { timeoutSignal } from '../../../core/safeTimers';
import type { DockerClient } from '../../engines/docker/dockerClient';
import type { EngineDeployRequest } from '../engineDeployRequest';
import { ensureImage } from './composeImage';
import { removeContainer, renameContainer, replaceContainer, restoreReplaced, type Replacement } from './composeReplace';
import { assertNoComposeDeploy, composeDeployLabels, containerVersion, describeComposeRef, findComposeService, replacedSuffix, type ComposeRef } from './composeService';

// A deploy to a Compose service through the Engine API, as `docker compose up` of that one
// service recreates it: the image pulled when the engine lacks it, then each container in
// turn replaced by a copy of its configuration running the released image, with the deploy
// (version, image, who, when, and what it replaced) on its labels. The replaced containers
// stay, stopped and renamed, until every new one serves: a failure puts them back with
// `rollback: auto`, and otherwise keeps them for Rollback….

export interface ComposeDeployRequest extends EngineDeployRequest {
  ref: ComposeRef;
  /** X-Registry-Auth for a pull of `image` from its own registry. */
  registryAuth: (image: string) => Promise<string>;
}

export async function deployToCompose(client: DockerClient, request: ComposeDeployRequest): Promise<{ ok: boolean; reason: string }> {
  const state = await findComposeService(client, request.ref, request.signal);
  assertNoComposeDeploy(state);
  const what = describeComposeRef({ project: state.project, service: request.ref.service });
  if (state.current.length === 0) throw new DevopsError('not-found', `${what} has no container to recreate, only ones a failed deploy kept (${state.replaced.map((c) => c.name).join(', ')}); Rollback… restores them`);
  await ensureImage(client, request.image, request.registryAuth, request.say, request.signal);
  // After a failed deploy the kept containers ran the last good release: that is what this one replaces.
  const kept = state.replaced.filter((c) => c.replaced === 'kept');
  const previous = containerVersion(kept[0] ?? state.current[0]);
  const labels = {
    [composeDeployLabels.image]: request.image,
    [composeDeployLabels.version]: request.version,
    [composeDeployLabels.by]: request.who,
    [composeDeployLabels.at]: new Date().toISOString(),
    [composeDeployLabels.previousImage]: previous.image,
    [composeDeployLabels.previousVersion]: previous.version ?? '',
  };
  request.say(`Recreating ${what} (${state.current.length} container${state.current.length === 1 ? '' : 's'}): ${previous.image || 'no image'} → ${request.image}`);
  const work = { image: request.image, labels, deadline: Date.now() + request.timeoutMs, say: request.say, signal: request.signal, ...(request.pollMs ? { pollMs: request.pollMs } : {}) };
  const progress: Replacement[] = [];
  let failure: string | undefined;
  try {
    for (const container of state.current) {
      failure = await replaceContainer(client, container, work, progress);
      if (failure) break;
    }
  } catch (error) {
    // An interrupted deploy leaves nothing half-done: what it replaced is put back.
    const undo = isCancellation(error) || request.signal.aborted ? timeoutSignal(60_000) : request.signal;
    await restoreReplaced(client, progress, undo).catch((undoError: unknown) => {
      const said = (e: unknown): string => (e instanceof Error ? e.message : String(e));
      throw new DevopsError(DevopsError.is(error) ? error.reason : 'unavailable', `${said(error)}; putting the replaced containers back failed too: ${said(undoError)}`, { cause: error });
    });
    if (isCancellation(error) || request.signal.aborted) throw new DevopsError('cancelled', `the deploy to ${what} was stopped; the replaced containers were put back`, { cause: error });
    if (DevopsError.is(error)) throw new DevopsError(error.reason, `${error.message}; the replaced containers were put back`, { cause: error });
    throw error;
  }
  if (!failure) {
    for (const step of progress) await removeContainer(client, step.old.id, request.signal);
    for (const container of kept) await removeContainer(client, container.id, request.signal);
    return { ok: true, reason: `${what} runs ${request.image}` };
  }
  request.say(failure);
  if (request.rollback === 'auto') {
    request.say(`Rolling ${what} back: restoring ${progress.map((s) => s.old.slot).join(', ')}`);
    await restoreReplaced(client, progress, request.signal);
    return { ok: false, reason: `${failure}; rolled back: ${progress.map((s) => s.old.slot).join(', ')} run ${previous.image} again` };
  }
  for (const step of progress) {
    // A slot that already keeps a good container needs no second one: the replaced one had failed too.
    if (kept.some((c) => c.slot === step.old.slot)) await removeContainer(client, step.old.id, request.signal);
    else await renameContainer(client, step.old.id, step.old.slot + replacedSuffix.kept, request.signal);
  }
  return { ok: false, reason: `${failure}; ${what} is left as it is, the replaced containers kept stopped as *${replacedSuffix.kept} (Rollback… restores them)` };
}

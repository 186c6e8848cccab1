import { delay } from '../../../core/safeTimers';
import { createCopy, readContainerTemplate } from '../../engines/docker/containerCopy';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { isGone } from '../../engines/docker/dockerErrors';
import { withoutImageDefaults } from './imageDefaults';
import { replacedSuffix, type ComposeContainer } from './composeService';

// One container of a Compose service replaced as `docker compose up` recreates it: the old
// one stopped and renamed aside (kept, so a failure can be undone), a copy of its
// configuration created under its name with the new image and labels, started, and
// followed until it runs and, when it has a health check, is healthy.

export interface Replacement {
  old: ComposeContainer;
  /** True once the old one carries the `.devops-loop-old` name. */
  renamed: boolean;
  /** The new container, once created. */
  newId?: string;
}

export interface ReplaceWork {
  image: string;
  labels: Record<string, string>;
  deadline: number;
  say: (text: string) => void;
  signal: AbortSignal;
  pollMs?: number;
}

/** Replaces `old`; `progress` holds what was done so far, so the caller can undo it. Resolves with why the new one is not serving, or undefined when it is. */
export async function replaceContainer(client: DockerClient, old: ComposeContainer, work: ReplaceWork, progress: Replacement[]): Promise<string | undefined> {
  const template = await withoutImageDefaults(client, await readContainerTemplate(client, old.id, work.signal), work.signal);
  const step: Replacement = { old, renamed: false };
  progress.push(step);
  await client.send({ method: 'POST', path: `/containers/${old.id}/stop`, query: { t: 10 }, signal: work.signal, timeoutMs: 30_000 });
  await renameContainer(client, old.id, old.slot + replacedSuffix.old, work.signal);
  step.renamed = true;
  step.newId = await createCopy(client, template, old.slot, { image: work.image, labels: work.labels }, work.signal);
  await client.send({ method: 'POST', path: `/containers/${step.newId}/start`, signal: work.signal, timeoutMs: 30_000 });
  return waitUntilServing(client, step.newId, old.slot, work);
}

async function waitUntilServing(client: DockerClient, id: string, name: string, work: ReplaceWork): Promise<string | undefined> {
  let last = '';
  for (;;) {
    const state = (await client.inspectContainer(id, work.signal)).State;
    const health = state?.Health?.Status;
    const line = `${name}: ${state?.Status ?? 'unknown'}${health ? ` (${health})` : ''}`;
    if (line !== last) work.say((last = line));
    if (state?.Status === 'exited' || state?.Status === 'dead') return `${name} exited with code ${state.ExitCode ?? '?'}${state.Error ? ` (${state.Error})` : ''}`;
    if (health === 'unhealthy') return `${name} is unhealthy: its health check fails`;
    if (state?.Status === 'running' && (health === undefined || health === 'healthy')) return undefined;
    if (Date.now() >= work.deadline) return `${name} was not ${health ? 'healthy' : 'running'} within the rollout timeout`;
    await delay(work.pollMs ?? 500, work.signal);
  }
}

/** Undoes replacements, newest first: the new container removed, the old one named back and started. */
export async function restoreReplaced(client: DockerClient, progress: Replacement[], signal: AbortSignal): Promise<void> {
  for (const step of [...progress].reverse()) {
    if (step.newId) await removeContainer(client, step.newId, signal);
    if (step.renamed) await renameContainer(client, step.old.id, step.old.slot, signal);
    // An old container that still runs (the failure came before it was stopped) answers 304, not an error.
    await client.send({ method: 'POST', path: `/containers/${step.old.id}/start`, signal, timeoutMs: 30_000 });
  }
}

/** Removes a container (its volumes stay, as compose keeps them), ignoring one already gone. */
export async function removeContainer(client: DockerClient, id: string, signal: AbortSignal): Promise<void> {
  try {
    await client.send({ method: 'DELETE', path: `/containers/${id}`, query: { force: 1 }, signal, timeoutMs: 30_000 });
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

export async function renameContainer(client: DockerClient, id: string, name: string, signal: AbortSignal): Promise<void> {
  await client.send({ method: 'POST', path: `/containers/${id}/rename`, query: { name }, signal });
}

/** Starts after a wait: a container a rollback brings back must serve as a deployed one does. */
export async function startAndWait(client: DockerClient, id: string, name: string, work: ReplaceWork): Promise<string | undefined> {
  await client.send({ method: 'POST', path: `/containers/${id}/start`, signal: work.signal, timeoutMs: 30_000 });
  return waitUntilServing(client, id, name, work);
}

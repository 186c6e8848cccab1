import * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { isGone } from '../../engines/docker/dockerErrors';

// A Swarm service as a deploy reads it: its spec kept whole (an update sends it back with
// only the image and the deploy's labels changed), its version index, and where its
// rollout is (UpdateStatus), as the Engine API documents them.

const updateStatusSchema = z.object({
  State: z.string().nullish(),
  StartedAt: z.string().nullish(),
  CompletedAt: z.string().nullish(),
  Message: z.string().nullish(),
});

const serviceSpecSchema = z.looseObject({
  Name: z.string(),
  Labels: z.record(z.string(), z.string()).nullish(),
  TaskTemplate: z.looseObject({ ContainerSpec: z.looseObject({ Image: z.string().nullish() }).nullish() }).nullish(),
  Mode: z.looseObject({ Replicated: z.looseObject({ Replicas: z.number().nullish() }).nullish() }).nullish(),
});

export const deployedServiceSchema = z.object({
  ID: z.string(),
  Version: z.object({ Index: z.number() }),
  UpdatedAt: z.string().nullish(),
  Spec: serviceSpecSchema,
  /** The spec before the last update: what `rollback=previous` returns to; absent on a never-updated service. */
  PreviousSpec: serviceSpecSchema.nullish(),
  UpdateStatus: updateStatusSchema.nullish(),
});

export type DeployedService = z.output<typeof deployedServiceSchema>;
export type UpdateStatus = z.output<typeof updateStatusSchema>;

/** Labels a deploy records on the service, so every teammate and CI reads the same facts. */
export const deployLabels = {
  image: 'devops-loop.deploy.image',
  version: 'devops-loop.deploy.version',
  by: 'devops-loop.deploy.by',
  at: 'devops-loop.deploy.at',
} as const;

/** UpdateStatus states in which the engine is still replacing tasks. */
export const rollingStates = new Set(['updating', 'rollback_started']);

export async function inspectService(client: DockerClient, name: string, signal: AbortSignal): Promise<DeployedService> {
  try {
    return await client.getJson({ path: `/services/${encodeURIComponent(name)}`, signal }, deployedServiceSchema);
  } catch (error) {
    if (isGone(error)) throw new DevopsError('not-found', `there is no Swarm service "${name}" on the Docker engine`, { cause: error });
    throw error;
  }
}

/** The image a service's tasks run, digest dropped: what devops.yaml and a deploy name. */
export function serviceImage(service: DeployedService): string {
  return specImage(service.Spec);
}

type ServiceSpec = DeployedService['Spec'];

function specImage(spec: ServiceSpec): string {
  return (spec.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, '');
}

/**
 * The image and version a spec runs: the deploy's version label counts only while the spec
 * still runs the image that deploy set; otherwise the image's own tag is the version.
 */
export function specVersion(spec: ServiceSpec): { image: string; version?: string } {
  const image = specImage(spec);
  const labels = spec.Labels ?? {};
  const version = labels[deployLabels.image] === image ? labels[deployLabels.version] : /:([^/:]+)$/.exec(image)?.[1];
  return { image, ...(version ? { version } : {}) };
}

/** Tasks of the service the engine wants running, and how many of them run. */
export async function runningTasks(client: DockerClient, service: DeployedService, signal: AbortSignal): Promise<{ running: number; desired: number }> {
  const tasks = await client.listTasks({ service: [service.ID], 'desired-state': ['running'] }, signal);
  return { running: tasks.filter((task) => task.Status?.State === 'running').length, desired: service.Spec.Mode?.Replicated?.Replicas ?? tasks.length };
}

/** Why the newest failed task of the service failed, as the engine says (for the log of a failed rollout). */
export async function lastTaskFailure(client: DockerClient, service: DeployedService, signal: AbortSignal): Promise<string | undefined> {
  const tasks = await client.listTasks({ service: [service.ID] }, signal);
  const failed = tasks
    .filter((task) => task.Status?.State === 'failed' || task.Status?.State === 'rejected' || (task.Status?.Err ?? '') !== '' || (task.Status?.ContainerStatus?.ExitCode ?? 0) !== 0)
    .sort((a, b) => (b.Status?.Timestamp ?? '').localeCompare(a.Status?.Timestamp ?? ''))[0];
  if (!failed?.Status) return undefined;
  const exit = failed.Status.ContainerStatus?.ExitCode;
  return `task ${failed.ID.slice(0, 12)} ${failed.Status.State ?? 'failed'}: ${failed.Status.Err ?? failed.Status.Message ?? ''}${exit ? ` (exit code ${exit})` : ''}`.trim();
}

/** Refuses (conflict) while the service's own rollout is in progress, whoever started it. */
export function assertNotRollingOut(service: DeployedService): void {
  const status = service.UpdateStatus;
  if (!status?.State || !rollingStates.has(status.State)) return;
  const since = status.StartedAt ? ` since ${status.StartedAt}` : '';
  const by = service.Spec.Labels?.[deployLabels.by];
  throw new DevopsError('conflict', `Swarm service "${service.Spec.Name}" is already rolling out (${status.State}${since}${by ? `, last deploy by ${by}` : ''}${status.Message ? `: ${status.Message}` : ''}); wait for it to finish`);
}

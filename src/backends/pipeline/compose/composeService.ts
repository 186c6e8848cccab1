import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { labelKeys } from '../../engines/docker/dockerRecords';
import type { ContainerSummary } from '../../engines/docker/dockerSchemas';
import { deployLabels } from '../swarm/swarmService';

// A Compose service as a deploy finds it on the engine: the containers labelled with its
// service (and project) name, as `docker compose` labels them. Compose keeps no other state
// on the engine, so a deploy keeps its own there too: the container it replaces stays,
// stopped and renamed, until the new one is healthy (`<name>.devops-loop-old`), or after a
// failed deploy without auto rollback (`<name>.devops-loop-kept`), so every window and the
// CLI see a deploy in progress and what a rollback returns to.

/** Labels a Compose deploy records on each new container, beside the Swarm deploy's. */
export const composeDeployLabels = {
  ...deployLabels,
  /** What the container replaced ran: what Rollback… returns to. */
  previousImage: 'devops-loop.deploy.previous-image',
  previousVersion: 'devops-loop.deploy.previous-version',
} as const;

/** The name suffixes of a replaced container: during a deploy, and kept after one failed. */
export const replacedSuffix = { old: '.devops-loop-old', kept: '.devops-loop-kept' } as const;

export interface ComposeRef {
  project?: string;
  service: string;
}

export interface ComposeContainer {
  id: string;
  /** Its name without the leading slash. */
  name: string;
  project: string;
  image: string;
  state: string;
  created?: number;
  labels: Record<string, string>;
  /** Set on a container a deploy replaced: old (a deploy runs) or kept (one failed). */
  replaced?: 'old' | 'kept';
  /** The name it had before it was replaced. */
  slot: string;
}

export interface ComposeServiceState {
  ref: ComposeRef;
  project: string;
  /** The containers that serve, oldest number first. */
  current: ComposeContainer[];
  /** Containers a deploy replaced and keeps. */
  replaced: ComposeContainer[];
}

/** "project/service" or "service" from devops.yaml. */
export function parseComposeRef(text: string): ComposeRef {
  const slash = text.indexOf('/');
  return slash < 0 ? { service: text } : { project: text.slice(0, slash), service: text.slice(slash + 1) };
}

export function describeComposeRef(ref: ComposeRef): string {
  return `Compose service ${ref.project ? `${ref.project}/` : ''}${ref.service}`;
}

/** The service's containers; throws not-found when none, invalid-config when the service is in several projects. */
export async function findComposeService(client: DockerClient, ref: ComposeRef, signal: AbortSignal): Promise<ComposeServiceState> {
  const filters = [`${labelKeys.composeService}=${ref.service}`, ...(ref.project ? [`${labelKeys.composeProject}=${ref.project}`] : [])];
  const listed = (await client.listContainers({ label: filters }, signal)).filter((c) => c.Labels['com.docker.compose.oneoff'] !== 'True').map(toContainer);
  if (listed.length === 0) throw new DevopsError('not-found', `the Docker engine has no container of ${describeComposeRef(ref)} (none is labelled ${filters.join(' and ')}); start it with docker compose up first`);
  const projects = [...new Set(listed.map((c) => c.project))].sort();
  if (projects.length > 1) throw new DevopsError('invalid-config', `${describeComposeRef(ref)} is in ${projects.length} Compose projects (${projects.join(', ')}); name one in devops.yaml, e.g. \`compose: ${projects[0]}/${ref.service}\``);
  const byNumber = (a: ComposeContainer, b: ComposeContainer): number => Number(a.labels[labelKeys.composeNumber] ?? 0) - Number(b.labels[labelKeys.composeNumber] ?? 0) || a.name.localeCompare(b.name);
  return { ref, project: projects[0] ?? '', current: listed.filter((c) => !c.replaced).sort(byNumber), replaced: listed.filter((c) => c.replaced).sort(byNumber) };
}

/** Refuses (conflict) while a deploy of the service replaces containers, whoever started it. */
export function assertNoComposeDeploy(state: ComposeServiceState): void {
  const old = state.replaced.find((c) => c.replaced === 'old');
  if (!old) return;
  const successor = state.current.find((c) => c.slot === old.slot);
  const version = successor?.labels[composeDeployLabels.version];
  const by = successor?.labels[composeDeployLabels.by];
  const at = successor?.labels[composeDeployLabels.at];
  const what = `${version ? ` of ${version}` : ''}${by ? ` by ${by}` : ''}${at ? ` since ${at}` : ''}`;
  throw new DevopsError(
    'conflict',
    `${describeComposeRef(state.ref)} is already being deployed${what}: container ${old.name} is the replaced ${old.slot}, kept until its successor is healthy; wait for that deploy to finish (a deploy interrupted midway is undone by Rollback… once its rollout timeout has passed)`,
  );
}

/** The image a container runs, digest dropped, and its version: the deploy's label while it runs the image that deploy set, else the tag. */
export function containerVersion(container: ComposeContainer): { image: string; version?: string } {
  const image = container.image.replace(/@sha256:[0-9a-f]+$/, '');
  const labels = container.labels;
  const version = labels[composeDeployLabels.image] === image ? labels[composeDeployLabels.version] : /:([^/:]+)$/.exec(image)?.[1];
  return { image, ...(version ? { version } : {}) };
}

/** What a rollback returns to: the containers a failed deploy kept, else the previous image the deploy recorded. */
export function composeRollbackDestination(state: ComposeServiceState): { image: string; version?: string; kept: boolean } | undefined {
  const kept = state.replaced.find((c) => c.replaced === 'kept');
  if (kept) return { ...containerVersion(kept), kept: true };
  const labels = state.current[0]?.labels ?? {};
  const image = labels[composeDeployLabels.previousImage];
  if (!image) return undefined;
  const version = labels[composeDeployLabels.previousVersion];
  return { image, ...(version ? { version } : {}), kept: false };
}

function toContainer(summary: ContainerSummary): ComposeContainer {
  const name = (summary.Names?.[0] ?? summary.Id).replace(/^\//, '');
  const replaced = name.endsWith(replacedSuffix.old) ? 'old' : name.endsWith(replacedSuffix.kept) ? 'kept' : undefined;
  return {
    id: summary.Id,
    name,
    project: summary.Labels[labelKeys.composeProject] ?? '',
    image: summary.Image ?? '',
    state: summary.State ?? 'unknown',
    ...(summary.Created ? { created: summary.Created } : {}),
    labels: summary.Labels,
    ...(replaced ? { replaced } : {}),
    slot: replaced ? name.slice(0, -replacedSuffix[replaced].length) : name,
  };
}

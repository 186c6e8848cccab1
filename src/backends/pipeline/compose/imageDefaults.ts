import * as z from 'zod';
import type { ContainerTemplate } from '../../engines/docker/containerCopy';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { isGone } from '../../engines/docker/dockerErrors';

// A container's inspected Config mixes what its compose file set with what its image
// supplied (command, entrypoint, health check, environment, labels…). Recreated with a new
// image, the new image's own defaults must apply, as `docker compose up` gives them: so each
// value equal to the old image's is left out of the copy, and the engine fills it from the
// new image. Environment entries and labels are compared one by one.

const imageConfigSchema = z.object({ Config: z.looseObject({}).nullish() });

const wholeFields = ['Cmd', 'Entrypoint', 'Healthcheck', 'WorkingDir', 'User', 'StopSignal', 'ExposedPorts', 'Volumes', 'Shell', 'OnBuild'] as const;

/** `template` without what its image supplied; unchanged when the old image is gone (nothing to tell apart). */
export async function withoutImageDefaults(client: DockerClient, template: ContainerTemplate, signal: AbortSignal): Promise<ContainerTemplate> {
  const imageId = typeof template.Image === 'string' ? template.Image : undefined;
  if (!imageId) return template;
  let image: Record<string, unknown>;
  try {
    image = (await client.getJson({ path: `/images/${encodeURIComponent(imageId)}/json`, signal }, imageConfigSchema)).Config ?? {};
  } catch (error) {
    if (isGone(error)) return template;
    throw error;
  }
  const config: Record<string, unknown> = { ...template.Config };
  for (const field of wholeFields) if (field in config && same(config[field], image[field])) delete config[field];
  const imageEnv = new Set(Array.isArray(image.Env) ? (image.Env as string[]) : []);
  if (Array.isArray(config.Env)) config.Env = (config.Env as string[]).filter((entry) => !imageEnv.has(entry));
  const imageLabels = (image.Labels ?? {}) as Record<string, string>;
  config.Labels = Object.fromEntries(Object.entries(template.Config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value));
  return { ...template, Config: config };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

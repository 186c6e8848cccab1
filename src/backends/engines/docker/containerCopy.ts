import * as z from 'zod';
import type { DockerClient } from './dockerClient';

// A container's own configuration, read by inspect, as the body that creates its copy: what
// Compose would create again from the service's definition when no compose file is at hand
// (same command, environment, volumes, host config, networks with their aliases, labels).
// Scaling a Compose service adds copies; a Compose deploy recreates each with a new image.

export const containerTemplateSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Config: z.looseObject({ Labels: z.record(z.string(), z.string()).nullish(), Hostname: z.string().nullish(), Image: z.string().nullish() }),
  HostConfig: z.looseObject({
    NetworkMode: z.string().nullish(),
    PortBindings: z.record(z.string(), z.array(z.object({ HostIp: z.string().nullish(), HostPort: z.string().nullish() })).nullish()).nullish(),
  }),
  NetworkSettings: z.object({ Networks: z.record(z.string(), z.looseObject({ Aliases: z.array(z.string()).nullish() })).nullish() }).nullish(),
  State: z.looseObject({ Running: z.boolean().nullish() }).nullish(),
});

export type ContainerTemplate = z.output<typeof containerTemplateSchema>;

export function readContainerTemplate(client: DockerClient, id: string, signal: AbortSignal): Promise<ContainerTemplate> {
  return client.getJson({ path: `/containers/${encodeURIComponent(id)}/json`, signal }, containerTemplateSchema);
}

/** The create body of a copy of `template`, its labels and image changed as given. */
export function copyCreateBody(template: ContainerTemplate, change: { labels?: Record<string, string>; image?: string }): Record<string, unknown> {
  const config = { ...template.Config, Labels: { ...(template.Config.Labels ?? {}), ...change.labels }, ...(change.image ? { Image: change.image } : {}) };
  // The engine sets the hostname to the container's short id unless one was given: a copy needs its own.
  if (config.Hostname && template.Id.startsWith(config.Hostname)) delete config.Hostname;
  const primary = template.HostConfig.NetworkMode ?? 'default';
  const endpoint = networksOf(template).find(([network]) => network === primary)?.[1];
  return { ...config, HostConfig: template.HostConfig, NetworkingConfig: endpoint ? { EndpointsConfig: { [primary]: endpoint } } : undefined };
}

/** Creates the copy under `name` and joins the template's other networks; returns its id (not started). */
export async function createCopy(client: DockerClient, template: ContainerTemplate, name: string, change: { labels?: Record<string, string>; image?: string }, signal: AbortSignal): Promise<string> {
  const created = await client.send({ method: 'POST', path: '/containers/create', query: { name }, body: copyCreateBody(template, change), signal });
  const id = z.object({ Id: z.string() }).parse(created).Id;
  for (const [network, endpoint] of extraNetworks(template)) {
    await client.send({ method: 'POST', path: `/networks/${encodeURIComponent(network)}/connect`, body: { Container: id, EndpointConfig: endpoint }, signal });
  }
  return id;
}

// Only one network can be given at create (API < 1.44); the others are connected after.
function extraNetworks(template: ContainerTemplate): [string, { Aliases: string[] }][] {
  const primary = template.HostConfig.NetworkMode ?? 'default';
  return networksOf(template).filter(([network]) => network !== primary);
}

// Each network's aliases, without the ones that named the template itself (its short id).
function networksOf(template: ContainerTemplate): [string, { Aliases: string[] }][] {
  const own = template.Id.slice(0, 12);
  return Object.entries(template.NetworkSettings?.Networks ?? {})
    .filter(([network]) => !['bridge', 'host', 'none', 'default'].includes(network))
    .map(([network, settings]) => [network, { Aliases: (settings.Aliases ?? []).filter((alias) => alias !== own && !template.Id.startsWith(alias)) }]);
}

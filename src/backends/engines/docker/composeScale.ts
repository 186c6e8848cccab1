import * as z from 'zod';
import { DevopsError } from '../../../core/errors';
import type { DockerClient } from './dockerClient';
import { labelKeys } from './dockerRecords';

// Scaling a Compose service through the engine alone. Compose keeps no desired count on
// the engine, only containers labelled with the project, the service and a number; the
// compose CLI scales by creating more from the service's definition. Without the compose
// file, the definition is the newest container's own configuration: a new replica is
// created from it (same image, command, environment, volumes, networks and labels, the
// next number), as `docker compose up --scale` would. Refused where that cannot be a
// replica: a fixed host port (the copy could not bind it), a fixed container_name, and
// scaling to 0 (nothing would be left to copy from: stop the service instead). Scaling
// down stops and removes the highest-numbered containers, keeping their volumes.

const containerSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Config: z.looseObject({ Labels: z.record(z.string(), z.string()).nullish(), Hostname: z.string().nullish() }),
  HostConfig: z.looseObject({
    NetworkMode: z.string().nullish(),
    PortBindings: z.record(z.string(), z.array(z.object({ HostIp: z.string().nullish(), HostPort: z.string().nullish() })).nullish()).nullish(),
  }),
  NetworkSettings: z.object({ Networks: z.record(z.string(), z.looseObject({ Aliases: z.array(z.string()).nullish() })).nullish() }).nullish(),
  State: z.object({ Running: z.boolean().nullish() }).nullish(),
});
type ContainerConfig = z.output<typeof containerSchema>;

export async function scaleComposeService(client: DockerClient, project: string, service: string, replicas: number, signal: AbortSignal): Promise<void> {
  const what = `Compose service ${project}/${service}`;
  if (replicas < 1) throw new DevopsError('invalid-config', `scaling ${what} to 0 would remove every container it has; stop it instead`);
  const list = await client.listContainers({ label: [`${labelKeys.composeProject}=${project}`, `${labelKeys.composeService}=${service}`] }, signal);
  const numbered = list.map((c) => ({ id: c.Id, number: Number(c.Labels[labelKeys.composeNumber] ?? '0') || 0 })).sort((a, b) => a.number - b.number);
  if (numbered.length === 0) throw new DevopsError('not-found', `the Docker engine has no container of ${what}`);
  if (replicas < numbered.length) {
    for (const victim of numbered.slice(replicas).reverse()) {
      await client.send({ method: 'POST', path: `/containers/${victim.id}/stop`, query: { t: 10 }, signal, timeoutMs: 30_000 });
      await client.send({ method: 'DELETE', path: `/containers/${victim.id}`, query: { v: 0 }, signal });
    }
    return;
  }
  const template = await client.getJson({ path: `/containers/${numbered[numbered.length - 1].id}/json`, signal }, containerSchema);
  const separator = replicaSeparator(template.Name.replace(/^\//, ''), project, service, what);
  refuseFixedPorts(template, what);
  let next = Math.max(...numbered.map((c) => c.number)) + 1;
  for (let count = numbered.length; count < replicas; count++, next++) {
    const name = [project, service, String(next)].join(separator);
    const created = await client.send({ method: 'POST', path: '/containers/create', query: { name }, body: createBody(template, next), signal });
    const id = z.object({ Id: z.string() }).parse(created).Id;
    for (const [network, endpoint] of extraNetworks(template)) {
      await client.send({ method: 'POST', path: `/networks/${encodeURIComponent(network)}/connect`, body: { Container: id, EndpointConfig: endpoint }, signal });
    }
    await client.send({ method: 'POST', path: `/containers/${id}/start`, signal, timeoutMs: 30_000 });
  }
}

// Compose names its containers project-service-N (v2) or project_service_N (v1); any other
// name is a fixed container_name, which a second container cannot have.
function replicaSeparator(name: string, project: string, service: string, what: string): string {
  for (const separator of ['-', '_']) if (new RegExp(`^${escape(project)}${separator}${escape(service)}${separator}\\d+$`).test(name)) return separator;
  throw new DevopsError('invalid-config', `${what} has a fixed container name (${name}), so it cannot have a second container; remove container_name from its compose file to scale it`);
}

function refuseFixedPorts(template: ContainerConfig, what: string): void {
  for (const [port, bindings] of Object.entries(template.HostConfig.PortBindings ?? {})) {
    const fixed = (bindings ?? []).find((b) => b.HostPort && b.HostPort !== '0');
    if (fixed) throw new DevopsError('invalid-config', `${what} publishes host port ${fixed.HostPort} (for ${port}); a second container could not bind it. Publish the container port only ("${port.split('/')[0]}") to scale it`);
  }
}

function createBody(template: ContainerConfig, number: number): Record<string, unknown> {
  const config = { ...template.Config, Labels: { ...(template.Config.Labels ?? {}), [labelKeys.composeNumber]: String(number) } };
  // The engine sets the hostname to the container's short id unless one was given: a copy needs its own.
  if (config.Hostname && template.Id.startsWith(config.Hostname)) delete config.Hostname;
  const primary = template.HostConfig.NetworkMode ?? 'default';
  const endpoint = networksOf(template).find(([network]) => network === primary)?.[1];
  return { ...config, HostConfig: template.HostConfig, NetworkingConfig: endpoint ? { EndpointsConfig: { [primary]: endpoint } } : undefined };
}

// Only one network can be given at create (API < 1.44); the others are connected after.
function extraNetworks(template: ContainerConfig): [string, { Aliases: string[] }][] {
  const primary = template.HostConfig.NetworkMode ?? 'default';
  return networksOf(template).filter(([network]) => network !== primary);
}

// Each network's aliases, without the ones that named the template itself (its short id).
function networksOf(template: ContainerConfig): [string, { Aliases: string[] }][] {
  const own = template.Id.slice(0, 12);
  return Object.entries(template.NetworkSettings?.Networks ?? {})
    .filter(([network]) => !['bridge', 'host', 'none', 'default'].includes(network))
    .map(([network, settings]) => [network, { Aliases: (settings.Aliases ?? []).filter((alias) => alias !== own && !template.Id.startsWith(alias)) }]);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

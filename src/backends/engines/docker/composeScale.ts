import { DevopsError } from '../../../core/errors';
import { createCopy, readContainerTemplate, type ContainerTemplate } from './containerCopy';
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
  const template = await readContainerTemplate(client, numbered[numbered.length - 1].id, signal);
  const separator = replicaSeparator(template.Name.replace(/^\//, ''), project, service, what);
  refuseFixedPorts(template, what);
  let next = Math.max(...numbered.map((c) => c.number)) + 1;
  for (let count = numbered.length; count < replicas; count++, next++) {
    const name = [project, service, String(next)].join(separator);
    const id = await createCopy(client, template, name, { labels: { [labelKeys.composeNumber]: String(next) } }, signal);
    await client.send({ method: 'POST', path: `/containers/${id}/start`, signal, timeoutMs: 30_000 });
  }
}

// Compose names its containers project-service-N (v2) or project_service_N (v1); any other
// name is a fixed container_name, which a second container cannot have.
function replicaSeparator(name: string, project: string, service: string, what: string): string {
  for (const separator of ['-', '_']) if (new RegExp(`^${escape(project)}${separator}${escape(service)}${separator}\\d+$`).test(name)) return separator;
  throw new DevopsError('invalid-config', `${what} has a fixed container name (${name}), so it cannot have a second container; remove container_name from its compose file to scale it`);
}

function refuseFixedPorts(template: ContainerTemplate, what: string): void {
  for (const [port, bindings] of Object.entries(template.HostConfig.PortBindings ?? {})) {
    const fixed = (bindings ?? []).find((b) => b.HostPort && b.HostPort !== '0');
    if (fixed) throw new DevopsError('invalid-config', `${what} publishes host port ${fixed.HostPort} (for ${port}); a second container could not bind it. Publish the container port only ("${port.split('/')[0]}") to scale it`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { DevopsError } from '../../../core/errors';
import type { DockerClient } from './dockerClient';
import { DockerApiError } from './dockerErrors';
import { rawServiceSchema } from './dockerSchemas';

// Scaling and restarting a Swarm service: the service's spec is read with its version
// index and sent back with only the replica count (or ForceUpdate) changed, so the engine
// refuses the update if anyone changed the service in between. Then it is read again and,
// if someone had, the change is applied to their version: never over it.

const attempts = 3;

export async function scaleSwarmService(client: DockerClient, serviceId: string, replicas: number, signal: AbortSignal): Promise<void> {
  await updateSpec(client, serviceId, signal, (spec, name) => {
    const mode = spec.Mode as { Replicated?: { Replicas?: number | null } | null } | null | undefined;
    if (!mode?.Replicated) throw new DevopsError('invalid-config', `${name} is a global service: it runs one task per node and has no replica count to set`);
    mode.Replicated.Replicas = replicas;
  });
}

/** Replaces every task, as `docker service update --force` does. */
export async function restartSwarmService(client: DockerClient, serviceId: string, signal: AbortSignal): Promise<void> {
  await updateSpec(client, serviceId, signal, (spec) => {
    const template = (spec.TaskTemplate ?? {}) as { ForceUpdate?: number };
    template.ForceUpdate = (template.ForceUpdate ?? 0) + 1;
    spec.TaskTemplate = template;
  });
}

async function updateSpec(client: DockerClient, serviceId: string, signal: AbortSignal, change: (spec: Record<string, unknown>, name: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const service = await client.getJson({ path: `/services/${encodeURIComponent(serviceId)}`, signal }, rawServiceSchema);
    const spec = service.Spec as Record<string, unknown>;
    change(spec, service.Spec.Name);
    try {
      await client.updateService(service, spec, signal);
      return;
    } catch (error) {
      // "update out of sequence" comes as a 500: tell it apart by the version having moved, not by its words.
      if (!(error instanceof DockerApiError) || attempt >= attempts) throw error;
      const now = await client.getJson({ path: `/services/${encodeURIComponent(service.ID)}`, signal }, rawServiceSchema);
      if (now.Version.Index === service.Version.Index) throw error;
    }
  }
}

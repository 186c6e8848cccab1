// Kubernetes manifests → devops.yaml services. Reads files only: no cluster.
// Each Deployment/StatefulSet becomes a service; a Service object that selects it lends
// its ports; env values naming another Service ("http://redis:6379") become dependsOn.
import { readFile } from 'node:fs/promises';
import { emptyServiceConfig, type ImportedService, type ImportNote, type ServiceImport } from './importTypes';
import { type KubeService, type ManifestObjects, readManifestObjects, type Workload } from './kubernetesManifests';

export async function importKubernetesFiles(paths: readonly string[]): Promise<ServiceImport> {
  const notes: ImportNote[] = [];
  const texts: { file: string; text: string }[] = [];
  for (const file of paths) {
    try {
      texts.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      notes.push({ file, severity: 'warning', message: `Cannot read the manifest (${(error as { code?: string }).code ?? 'unreadable'}).` });
    }
  }
  const result = importKubernetesTexts(texts);
  return { services: result.services, notes: [...notes, ...result.notes] };
}

export function importKubernetesTexts(files: readonly { file: string; text: string }[]): ServiceImport {
  const notes: ImportNote[] = [];
  const found: { file: string; workload: Workload }[] = [];
  const kubeServices: { file: string; service: KubeService }[] = [];
  for (const { file, text } of files) {
    const objects: ManifestObjects = { workloads: [], services: [], skipped: [] };
    readManifestObjects(text, objects);
    for (const message of objects.skipped) notes.push({ file, severity: 'info', message: `${capitalize(message)}.` });
    found.push(...objects.workloads.map((workload) => ({ file, workload })));
    kubeServices.push(...objects.services.map((service) => ({ file, service })));
  }
  const services: ImportedService[] = [];
  const workloadOfService = new Map<string, string[]>();
  for (const { file, workload } of found) {
    const selecting = kubeServices.filter(({ service }) => selects(service, workload));
    for (const { service } of selecting) workloadOfService.set(service.name, [...(workloadOfService.get(service.name) ?? []), workload.name]);
    const config = emptyServiceConfig();
    const serviceNames = selecting.map(({ service }) => `${service.name} (${service.type})`);
    config.description = `${workload.kind}, ${workload.replicas} replica${workload.replicas === 1 ? '' : 's'}${serviceNames.length ? `; Service ${serviceNames.join(', ')}` : ''}`;
    const servicePorts = selecting.flatMap(({ service }) => service.ports.map((p) => p.nodePort ?? p.port));
    config.ports = [...new Set(servicePorts.length > 0 ? servicePorts : workload.containerPorts)];
    config.env = [...new Set(workload.env.map((e) => e.name))];
    const ns = workload.namespace ? ` -n ${workload.namespace}` : '';
    const ref = `${workload.kind.toLowerCase()}/${workload.name}`;
    config.logs = [{ command: `kubectl logs -f${ns} ${ref}` }];
    config.actions = {
      restart: { run: `kubectl rollout restart${ns} ${ref}`, confirm: true },
      scale: { run: `kubectl scale${ns} ${ref} --replicas=${workload.replicas}`, confirm: true },
    };
    services.push({ name: workload.name, config, source: { file, kind: workload.kind }, replicas: workload.replicas });
  }
  linkDependencies(found.map((f) => f.workload), services, workloadOfService);
  for (const { file, service } of kubeServices) {
    if (workloadOfService.has(service.name)) continue;
    notes.push({ file, service: service.name, severity: 'info', message: `Service "${service.name}" selects no Deployment or StatefulSet in these files; not imported.` });
  }
  return { services, notes };
}

function selects(service: KubeService, workload: Workload): boolean {
  const keys = Object.keys(service.selector);
  if (keys.length === 0 || (service.namespace ?? 'default') !== (workload.namespace ?? 'default')) return false;
  return keys.every((k) => workload.podLabels[k] === service.selector[k]);
}

// An env value whose host is a Service name (redis, redis.default.svc.cluster.local, http://api:8080/).
function linkDependencies(workloads: Workload[], services: ImportedService[], workloadOfService: Map<string, string[]>): void {
  workloads.forEach((workload, i) => {
    const deps = new Set<string>();
    for (const { value } of workload.env) {
      const host = value ? hostOf(value) : undefined;
      for (const target of (host && workloadOfService.get(host)) || []) if (target !== workload.name) deps.add(target);
    }
    services[i].config.dependsOn = [...deps];
  });
}

function hostOf(value: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?([a-z0-9-]+)(?:\.[a-z0-9.-]+)?(?::\d+)?(?:\/.*)?$/i.exec(value.trim());
  return match?.[1]?.toLowerCase();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

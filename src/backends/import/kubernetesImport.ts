// Kubernetes manifests → devops.yaml services. Reads files only: no cluster.
// Each workload (Deployment, StatefulSet, DaemonSet, ReplicationController, Pod) becomes a
// service; a Service object that selects it lends its ports; env values naming another
// Service ("http://redis:6379") become dependsOn. The first object of a name wins: a later
// one (an overlay's patch, another namespace) is noted, not imported twice.
import { readFile } from 'node:fs/promises';
import type { ServiceConfig } from '../../core/config/schema';
import { emptyServiceConfig, type ImportedService, type ImportNote, type ServiceImport } from './importTypes';
import { type KubeService, type ManifestObjects, readManifestObjects, type Workload } from './kubernetesManifests';
import { shellWord } from '../../core/shellWord';

export async function importKubernetesFiles(paths: readonly string[]): Promise<ServiceImport> {
  const notes: ImportNote[] = [];
  const texts: { file: string; text: string }[] = [];
  for (const file of paths) {
    try {
      texts.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      notes.push({ file, line: 1, severity: 'warning', message: `Cannot read the manifest (${(error as { code?: string }).code ?? 'unreadable'}).` });
    }
  }
  const result = importKubernetesTexts(texts);
  return { services: result.services, notes: [...notes, ...result.notes] };
}

type Placed<T> = T & { file: string };

export function importKubernetesTexts(files: readonly { file: string; text: string }[]): ServiceImport {
  const notes: ImportNote[] = [];
  const found: Placed<Workload>[] = [];
  const kubeServices: Placed<KubeService>[] = [];
  for (const { file, text } of files) {
    const objects: ManifestObjects = { workloads: [], services: [], skipped: [] };
    readManifestObjects(text, file, objects);
    for (const { line, message } of objects.skipped) notes.push({ file, line, severity: 'info', message: `${message}.` });
    found.push(...objects.workloads.map((workload) => ({ ...workload, file })));
    kubeServices.push(...objects.services.map((service) => ({ ...service, file })));
  }
  const workloads: Placed<Workload>[] = [];
  for (const workload of found) {
    const first = workloads.find((w) => w.name === workload.name);
    if (!first) workloads.push(workload);
    else {
      const message = `${workload.kind} "${workload.name}" skipped: a service of that name already comes from ${first.kind} "${first.name}" (${first.file}:${first.line}).`;
      notes.push({ file: workload.file, line: workload.line, service: workload.name, severity: 'warning', message });
    }
  }
  const services: ImportedService[] = [];
  const workloadOfService = new Map<string, string[]>();
  for (const workload of workloads) {
    const selecting = kubeServices.filter((service) => selects(service, workload));
    for (const service of selecting) workloadOfService.set(service.name, [...(workloadOfService.get(service.name) ?? []), workload.name]);
    const config = emptyServiceConfig();
    const serviceNames = selecting.map((service) => `${service.name} (${service.type})`);
    config.description = `${workload.kind}, ${describeReplicas(workload)}${serviceNames.length ? `; Service ${serviceNames.join(', ')}` : ''}`;
    const servicePorts = selecting.flatMap((service) => service.ports.map((p) => p.nodePort ?? p.port));
    config.ports = [...new Set(servicePorts.length > 0 ? servicePorts : workload.containerPorts)];
    config.env = [...new Set(workload.env.map((e) => e.name))];
    Object.assign(config, kubectlCommands(workload));
    services.push({ name: workload.name, config, source: { file: workload.file, kind: workload.kind, line: workload.line }, ...(workload.replicas === undefined ? {} : { replicas: workload.replicas }) });
  }
  linkDependencies(workloads, services, workloadOfService);
  for (const service of kubeServices) {
    if (workloadOfService.has(service.name)) continue;
    notes.push({ file: service.file, line: service.line, service: service.name, severity: 'info', message: `Service "${service.name}" selects no workload in these files; not imported.` });
  }
  return { services, notes };
}

function describeReplicas(workload: Workload): string {
  if (workload.kind === 'DaemonSet') return 'one pod per node';
  if (workload.replicas === undefined) return 'a single pod';
  return `${workload.replicas} replica${workload.replicas === 1 ? '' : 's'}`;
}

/** Logs and the actions kubectl has for this kind; every value from the file is one shell word. */
function kubectlCommands(workload: Workload): Pick<ServiceConfig, 'logs' | 'actions'> {
  const ns = workload.namespace ? ` -n ${shellWord(workload.namespace)}` : '';
  const ref = shellWord(`${workload.kind.toLowerCase()}/${workload.name}`);
  const actions: ServiceConfig['actions'] = {};
  if (workload.kind === 'Deployment' || workload.kind === 'StatefulSet' || workload.kind === 'DaemonSet') {
    actions.restart = { run: `kubectl rollout restart${ns} ${ref}`, confirm: true };
  }
  if (workload.replicas !== undefined) actions.scale = { run: `kubectl scale${ns} ${ref} --replicas=${workload.replicas}`, confirm: true };
  return { logs: [{ command: `kubectl logs -f${ns} ${ref}` }], actions };
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

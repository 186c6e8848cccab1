import type { Workload, WorkloadAction, WorkloadMember } from '../../../core/engines/engineTypes';
import { imageTag, replicasOf, rollupHealth, rollupState } from '../../../core/engines/workloadRollup';
import { containerMember, labelKeys, type ContainerRecord } from './dockerRecords';
import type { DockerService, DockerTask } from './dockerSchemas';

// What the engine runs, as core workloads: containers grouped into Compose services by the
// labels Compose puts on them (no compose CLI or file needed), Swarm services with their
// tasks, grouped into stacks by com.docker.stack.namespace, and every other container on
// its own. A Swarm task's container is a member of its service, never a row of its own.

/** A Swarm service with its tasks, as the backend keeps it between events. */
export interface ServiceRecord {
  service: DockerService;
  tasks: DockerTask[];
  /** org.opencontainers.image.version of its image, when the image is on this engine. */
  imageVersion?: string;
}

/** Everything the snapshot is built from. */
export interface DockerInventory {
  containers: ReadonlyMap<string, ContainerRecord>;
  services: ReadonlyMap<string, ServiceRecord>;
  /** Node id → host name. */
  nodes: ReadonlyMap<string, string>;
}

const containerActions: WorkloadAction[] = ['restart', 'start', 'stop', 'logs', 'stats', 'shell'];
const composeActions: WorkloadAction[] = ['scale', ...containerActions];

export function dockerWorkloads(inventory: DockerInventory): Workload[] {
  const composeGroups = new Map<string, ContainerRecord[]>();
  const workloads: Workload[] = [];
  for (const record of inventory.containers.values()) {
    if (record.labels[labelKeys.swarmServiceId] !== undefined) continue;
    const project = record.labels[labelKeys.composeProject];
    const service = record.labels[labelKeys.composeService];
    if (project !== undefined && service !== undefined) {
      const key = `${project}\n${service}`;
      composeGroups.set(key, [...(composeGroups.get(key) ?? []), record]);
    } else {
      workloads.push(containerWorkload(record));
    }
  }
  for (const records of composeGroups.values()) workloads.push(composeWorkload(records));
  for (const record of inventory.services.values()) workloads.push(swarmWorkload(record, inventory));
  return workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function containerWorkload(record: ContainerRecord): Workload {
  const member = containerMember(record);
  return {
    id: `docker/container/-/${record.name}`,
    engine: 'docker',
    kind: 'container',
    name: record.name,
    state: member.state,
    health: rollupHealth([member]),
    image: record.image,
    version: versionOf(record.labels, record.image),
    restarts: member.restarts,
    createdAt: record.createdAt,
    members: [member],
    labels: readLabels(record.labels),
    actions: containerActions,
  };
}

function composeWorkload(records: ContainerRecord[]): Workload {
  const ordered = [...records].sort((a, b) => replicaNumber(a) - replicaNumber(b) || (a.name < b.name ? -1 : 1));
  const newest = ordered.reduce((a, b) => ((b.createdAt ?? 0) > (a.createdAt ?? 0) ? b : a));
  const project = newest.labels[labelKeys.composeProject];
  const service = newest.labels[labelKeys.composeService];
  const members = ordered.map(containerMember);
  return {
    id: `docker/compose-service/${project}/${service}`,
    engine: 'docker',
    kind: 'compose-service',
    group: { kind: 'compose', name: project },
    name: service,
    state: rollupState(members),
    health: rollupHealth(members),
    // Compose records no desired count: every container it made for the service is wanted.
    replicas: replicasOf(members.length, members),
    image: newest.image,
    version: versionOf(newest.labels, newest.image),
    restarts: sum(members),
    createdAt: Math.min(...ordered.map((r) => r.createdAt ?? Number.POSITIVE_INFINITY)),
    members,
    labels: readLabels(newest.labels),
    actions: composeActions,
  };
}

function swarmWorkload(record: ServiceRecord, inventory: DockerInventory): Workload {
  const { service } = record;
  const spec = service.Spec;
  const replicated = spec.Mode?.Global == null;
  const stack = spec.Labels[labelKeys.stack];
  const current = currentTasks(record.tasks);
  const members = current.map((task) => taskMember(task, spec.Name, record.tasks, inventory));
  const desired = replicated ? (spec.Mode?.Replicated?.Replicas ?? 1) : (service.ServiceStatus?.DesiredTasks ?? current.length);
  const updateState = service.UpdateStatus?.State ?? '';
  const image = spec.TaskTemplate?.ContainerSpec?.Image ?? undefined;
  const actions: WorkloadAction[] = replicated ? ['scale', 'restart', 'logs', 'stats'] : ['restart', 'logs', 'stats'];
  return {
    id: `docker/swarm-service/${stack ?? '-'}/${spec.Name}`,
    engine: 'docker',
    kind: 'swarm-service',
    group: stack === undefined ? undefined : { kind: 'stack', name: stack },
    name: spec.Name,
    state: desired === 0 ? 'stopped' : rollupState(members, updateState === 'updating' || updateState === 'rollback_started'),
    health: rollupHealth(members),
    replicas: replicasOf(desired, members),
    image,
    version: record.imageVersion ?? imageTag(image),
    restarts: sum(members),
    createdAt: service.CreatedAt ? Date.parse(service.CreatedAt) : undefined,
    members,
    labels: { ...readLabels(spec.Labels), 'com.docker.swarm.service.id': service.ID },
    actions,
  };
}

// The tasks that stand for the service now: the ones the orchestrator wants running, and
// for a slot with none of those, its newest task (a failed one says why it is down).
function currentTasks(tasks: readonly DockerTask[]): DockerTask[] {
  const bySlot = new Map<string, DockerTask>();
  for (const task of tasks) {
    const slot = task.Slot != null ? `slot:${task.Slot}` : `node:${task.NodeID ?? task.ID}`;
    const known = bySlot.get(slot);
    if (!known || rank(task) > rank(known)) bySlot.set(slot, task);
  }
  return [...bySlot.values()].filter((task) => task.DesiredState === 'running' || task.DesiredState === 'ready').sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0));
}

function rank(task: DockerTask): number {
  const wanted = task.DesiredState === 'running' || task.DesiredState === 'ready' ? 1e15 : 0;
  return wanted + (task.CreatedAt ? Date.parse(task.CreatedAt) : 0);
}

function taskMember(task: DockerTask, serviceName: string, all: readonly DockerTask[], inventory: DockerInventory): WorkloadMember {
  const node = task.NodeID ? (inventory.nodes.get(task.NodeID) ?? task.NodeID) : undefined;
  const containerId = task.Status?.ContainerStatus?.ContainerID ?? undefined;
  const container = containerId ? inventory.containers.get(containerId) : undefined;
  const local = container ? containerMember(container) : undefined;
  const engineState = task.Status?.State ?? 'unknown';
  const state = engineState === 'running' ? (local?.state === 'starting' ? 'starting' : 'running') : taskState(engineState);
  const failedBefore = all.filter((t) => t.ID !== task.ID && t.Slot === task.Slot && (task.Slot != null || t.NodeID === task.NodeID) && isFailure(t.Status?.State)).length;
  return {
    id: task.ID,
    name: taskMemberName(serviceName, task, node),
    state,
    health: local?.health ?? 'none',
    restarts: failedBefore,
    node,
    detail: state === 'running' ? local?.detail : task.Status?.Err || task.Status?.Message || engineState,
    startedAt: state === 'running' && task.Status?.Timestamp ? Date.parse(task.Status.Timestamp) : undefined,
  };
}

/** A task's name as `docker service ps` shows it: service.slot, or service.node for a global service. */
export function taskMemberName(service: string, task: DockerTask, nodeName: string | undefined): string {
  return task.Slot != null ? `${service}.${task.Slot}` : `${service}.${nodeName ?? task.NodeID ?? task.ID}`;
}

// Swarm task states (docs: "Swarm task states"): new … starting, running, then complete,
// shutdown, failed, rejected, remove, orphaned.
function taskState(state: string): WorkloadMember['state'] {
  if (['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting'].includes(state)) return 'starting';
  if (state === 'complete' || state === 'shutdown' || state === 'remove') return 'stopped';
  if (isFailure(state)) return 'failed';
  return 'unknown';
}

function isFailure(state: string | null | undefined): boolean {
  return state === 'failed' || state === 'rejected' || state === 'orphaned';
}

function replicaNumber(record: ContainerRecord): number {
  const n = Number(record.labels[labelKeys.composeNumber]);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

function versionOf(labels: Record<string, string>, image: string | undefined): string | undefined {
  return labels[labelKeys.imageVersion] || imageTag(image);
}

function sum(members: readonly WorkloadMember[]): number {
  return members.reduce((total, m) => total + m.restarts, 0);
}

// The labels the product reads; the rest (build info, maintainers…) stay on the engine.
function readLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => /^(com\.docker\.(compose|stack|swarm)\.|org\.opencontainers\.image\.)/.test(key)));
}

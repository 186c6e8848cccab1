import type { Workload } from '../../../core/engines/engineTypes';
import type { DockerClient } from './dockerClient';
import { isGone } from './dockerErrors';
import { containerFromInspect, containerFromSummary, isInspected, labelKeys, type ContainerRecord } from './dockerRecords';
import { dockerWorkloads, type ServiceRecord } from './dockerWorkloads';

// What the engine runs, kept between events: a full list when the watch (re)starts, then
// one container or one service at a time as events name them. Inspects that only complete
// a row (restart counts, TTY) run after the first snapshot, a few at a time.

const inspectConcurrency = 4;

export class DockerInventory {
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly services = new Map<string, ServiceRecord>();
  private readonly nodes = new Map<string, string>();
  private readonly imageVersions = new Map<string, string | undefined>();
  /** True when this engine is a Swarm manager, so services can be listed. */
  private swarmManager = false;

  constructor(private readonly client: DockerClient) {}

  workloads(): Workload[] {
    return dockerWorkloads({ containers: this.containers, services: this.services, nodes: this.nodes });
  }

  /** Reads everything again; what the engine no longer has is dropped. */
  async listAll(signal: AbortSignal): Promise<void> {
    const [summaries, info] = await Promise.all([this.client.listContainers(undefined, signal), this.client.info(signal)]);
    const known = new Map(this.containers);
    this.containers.clear();
    for (const summary of summaries) this.containers.set(summary.Id, containerFromSummary(summary, known.get(summary.Id)));
    this.swarmManager = info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
    this.services.clear();
    if (!this.swarmManager) return;
    const [services, tasks, nodes] = await Promise.all([this.client.listServices(undefined, signal), this.client.listTasks(undefined, signal), this.client.listNodes(signal)]);
    this.nodes.clear();
    for (const node of nodes) this.nodes.set(node.ID, node.Description?.Hostname ?? node.ID);
    for (const service of services) {
      const image = service.Spec.TaskTemplate?.ContainerSpec?.Image ?? undefined;
      this.services.set(service.ID, { service, tasks: tasks.filter((t) => t.ServiceID === service.ID), imageVersion: await this.imageVersion(image, signal) });
    }
  }

  /** Completes up to `limit` rows the list left without restart counts; false when none was left. */
  async inspectPending(signal: AbortSignal, limit: number): Promise<boolean> {
    const pending = [...this.containers.values()].filter((r) => !isInspected(r)).slice(0, limit).map((r) => r.id);
    if (pending.length === 0) return false;
    const work = async (): Promise<void> => {
      for (let id = pending.shift(); id !== undefined && !signal.aborted; id = pending.shift()) await this.refreshContainer(id, signal);
    };
    await Promise.all(Array.from({ length: inspectConcurrency }, work));
    return true;
  }

  /** Reads one container again; one the engine no longer has is dropped. */
  async refreshContainer(id: string, signal: AbortSignal): Promise<void> {
    try {
      const record = containerFromInspect(await this.client.inspectContainer(id, signal));
      this.containers.set(record.id, record);
    } catch (error) {
      if (!isGone(error)) throw error;
      this.containers.delete(id);
    }
  }

  /** Drops a container the engine reported destroyed. */
  forgetContainer(id: string): void {
    this.containers.delete(id);
  }

  /** The Swarm service a container is a task of, if any. */
  serviceOfContainer(id: string, attributes: Record<string, string>): string | undefined {
    return attributes[labelKeys.swarmServiceId] ?? this.containers.get(id)?.labels[labelKeys.swarmServiceId];
  }

  /** Reads one service and its tasks again; gone: dropped. */
  async refreshService(id: string, signal: AbortSignal): Promise<void> {
    if (!this.swarmManager) return;
    // A service removed between the event and this read answers its task list with 404: gone, not a failed snapshot.
    const tasksOf = this.client.listTasks({ service: [id] }, signal).catch((error: unknown) => {
      if (isGone(error)) return undefined;
      throw error;
    });
    const [services, tasks] = await Promise.all([this.client.listServices({ id: [id] }, signal), tasksOf]);
    // The id filter matches prefixes: keep the exact one.
    const service = services.find((s) => s.ID === id || s.Spec.Name === id);
    if (!service || tasks === undefined) {
      for (const [key, record] of this.services) if (key === id || record.service.Spec.Name === id) this.services.delete(key);
      return;
    }
    if (tasks.some((t) => t.NodeID && !this.nodes.has(t.NodeID))) {
      for (const node of await this.client.listNodes(signal)) this.nodes.set(node.ID, node.Description?.Hostname ?? node.ID);
    }
    const image = service.Spec.TaskTemplate?.ContainerSpec?.Image ?? undefined;
    this.services.set(service.ID, { service, tasks: tasks.filter((t) => t.ServiceID === service.ID), imageVersion: await this.imageVersion(image, signal) });
  }

  /**
   * Services whose tasks are on their way to what the orchestrator wants (starting, shutting
   * down, rolling). The engine sends no event when a task's state changes, only when its
   * container's does, and the task follows a moment later: these are read again until settled.
   */
  unsettledServices(): string[] {
    return [...this.services.values()].filter((record) => !isSettled(record)).map((record) => record.service.ID);
  }

  // The image's version label, asked once per reference; an image not on this engine has none.
  private async imageVersion(image: string | undefined, signal: AbortSignal): Promise<string | undefined> {
    if (image === undefined) return undefined;
    if (this.imageVersions.has(image)) return this.imageVersions.get(image);
    let version: string | undefined;
    try {
      version = (await this.client.imageLabels(image, signal))[labelKeys.imageVersion] || undefined;
    } catch (error) {
      if (!isGone(error)) throw error;
    }
    this.imageVersions.set(image, version);
    return version;
  }
}

function isSettled(record: ServiceRecord): boolean {
  const update = record.service.UpdateStatus?.State;
  if (update === 'updating' || update === 'rollback_started') return false;
  const wanted = record.tasks.filter((t) => t.DesiredState === 'running');
  const replicas = record.service.Spec.Mode?.Replicated?.Replicas;
  if (replicas != null && wanted.length !== replicas) return false;
  // A task shutting down is settled once it stopped; a wanted one once it runs.
  return record.tasks.every((t) => (t.DesiredState === 'running' ? t.Status?.State === 'running' : t.Status?.State !== 'running' && t.Status?.State !== 'starting'));
}

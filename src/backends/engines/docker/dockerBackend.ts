import type { EngineBackend, EngineLogExtras, EngineLogLine, EngineSnapshot, EngineStatsSample, ShellChannel, TerminalSize, Workload, WorkloadMember } from '../../../core/engines/engineTypes';
import type { DockerEndpoint } from '../../../core/engines/dockerEndpoint';
import { checkReplicaCount } from '../../../core/engines/workloadActions';
import { DevopsError } from '../../../core/errors';
import type { NetworkGate } from '../../../core/ports';
import { scaleComposeService } from './composeScale';
import { followContainers, type LogFollow } from './containerLogs';
import { openContainerShell } from './containerShell';
import { DockerClient } from './dockerClient';
import { labelKeys } from './dockerRecords';
import { followStats, type StatsTarget } from './dockerStats';
import { DockerTransport } from './dockerTransport';
import { watchDocker } from './dockerWatch';
import { taskMemberName } from './dockerWorkloads';
import { LogPositions } from './logPositions';
import { followService } from './serviceLogs';
import { restartSwarmService, scaleSwarmService } from './swarmScale';

// The Docker engine as an EngineBackend: containers, Compose services (by their labels) and
// Swarm services, read and driven through the Engine API. The endpoint is resolved by the
// caller, which asks the user first when devops.yaml names another machine; every request
// passes the network gate.

export interface DockerBackendOptions {
  /** Where the engine is reached (core/engines/dockerEndpoint.ts resolves it). */
  endpoint: DockerEndpoint;
  /** Asked before every connection: refuses in Restricted Mode, counts the rest. */
  network: NetworkGate;
  /** Backend id in snapshots; default "docker". */
  id?: string;
  /** Deadline of one request; default 10 s. */
  timeoutMs?: number;
  /** Waits between reconnect attempts, the last one repeated. */
  backoffMs?: readonly number[];
  /** Events this close together are handled as one batch; default 100 ms. */
  batchMs?: number;
  /** How often the containers of a workload's stats are looked up again; default 10 s. */
  statsRefreshMs?: number;
}

const defaultBackoffMs = [250, 1000, 2000, 5000, 10_000];

export function createDockerBackend(options: DockerBackendOptions): EngineBackend {
  return new DockerBackend(options);
}

class DockerBackend implements EngineBackend {
  readonly id: string;
  readonly engine = 'docker' as const;
  private readonly client: DockerClient;
  private readonly backoffMs: readonly number[];

  constructor(private readonly options: DockerBackendOptions) {
    this.id = options.id ?? 'docker';
    this.client = new DockerClient(new DockerTransport({ endpoint: options.endpoint, network: options.network, timeoutMs: options.timeoutMs }));
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
  }

  watch(onSnapshot: (snapshot: EngineSnapshot) => void, signal: AbortSignal): Promise<void> {
    return watchDocker({ client: this.client, engineId: this.id, backoffMs: this.backoffMs, batchMs: this.options.batchMs }, onSnapshot, signal);
  }

  async scale(workload: Workload, replicas: number, signal: AbortSignal): Promise<void> {
    checkReplicaCount(replicas);
    if (workload.kind === 'swarm-service') return scaleSwarmService(this.client, swarmServiceId(workload), replicas, signal);
    if (workload.kind === 'compose-service') return scaleComposeService(this.client, workload.group?.name ?? '', workload.name, replicas, signal);
    throw new DevopsError('invalid-config', `${workload.name} is a single container: only Compose and Swarm services have replicas to scale`);
  }

  async restart(workload: Workload, signal: AbortSignal): Promise<void> {
    if (workload.kind === 'swarm-service') return restartSwarmService(this.client, swarmServiceId(workload), signal);
    await this.eachContainer(workload, 'restart', signal);
  }

  start(workload: Workload, signal: AbortSignal): Promise<void> {
    return this.eachContainer(workload, 'start', signal);
  }

  stop(workload: Workload, signal: AbortSignal): Promise<void> {
    return this.eachContainer(workload, 'stop', signal);
  }

  async logs(workload: Workload, options: { since?: number; tail?: number; follow: boolean } & EngineLogExtras, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void> {
    const follow: LogFollow = { client: this.client, options, positions: new LogPositions(options.resumeAfter, options.since), onLine, signal, backoffMs: this.backoffMs };
    if (workload.kind === 'swarm-service') return followService(follow, { id: swarmServiceId(workload), name: workload.name });
    return followContainers(follow, { list: containerFilter(workload), what: workload.name });
  }

  async stats(workload: Workload, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal): Promise<void> {
    const targets = (): Promise<StatsTarget[]> => this.statsTargets(workload, signal);
    if ((await targets()).length === 0) throw new DevopsError('not-found', `${workload.name} has no running container on this engine to sample`);
    await followStats(this.client, targets, onSample, signal, this.options.statsRefreshMs);
  }

  /** A shell in one container of a container or Compose service (a Swarm task's container may run on another node). */
  shell(workload: Workload, member: WorkloadMember, size: TerminalSize, signal: AbortSignal): Promise<ShellChannel> {
    if (workload.kind === 'swarm-service') throw new DevopsError('invalid-config', `${member.name} is a Swarm task: open the shell on its container instead`);
    return openContainerShell(this.client, member.id, size, signal);
  }

  // The running containers of a workload on this engine (a Swarm task on another node has none here).
  private async statsTargets(workload: Workload, signal: AbortSignal): Promise<StatsTarget[]> {
    if (workload.kind === 'swarm-service') {
      const tasks = await this.client.listTasks({ service: [swarmServiceId(workload)], 'desired-state': ['running'] }, signal);
      const local = new Set((await this.client.listContainers({ status: ['running'], label: [`${labelKeys.swarmServiceId}=${swarmServiceId(workload)}`] }, signal)).map((c) => c.Id));
      return tasks.flatMap((task) => {
        const id = task.Status?.ContainerStatus?.ContainerID;
        return id && local.has(id) ? [{ id, member: taskMemberName(workload.name, task, undefined) }] : [];
      });
    }
    const containers = await this.client.listContainers({ ...containerFilter(workload), status: ['running'] }, signal);
    return containers.map((c) => ({ id: c.Id, member: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '') }));
  }

  private async eachContainer(workload: Workload, action: 'start' | 'stop' | 'restart', signal: AbortSignal): Promise<void> {
    if (workload.kind === 'swarm-service') {
      throw new DevopsError('invalid-config', `${workload.name} is a Swarm service: the swarm keeps its tasks running; scale it to 0 to stop it, or restart it`);
    }
    const containers = await this.client.listContainers(containerFilter(workload), signal);
    if (containers.length === 0) throw new DevopsError('not-found', `the Docker engine has no container of ${workload.name}`);
    // One after another: a service restarted one container at a time keeps serving.
    for (const container of containers) {
      await this.client.send({ method: 'POST', path: `/containers/${container.Id}/${action}`, query: action === 'start' ? undefined : { t: 10 }, signal, timeoutMs: 30_000 });
    }
  }
}

function swarmServiceId(workload: Workload): string {
  return workload.labels[labelKeys.swarmServiceId] ?? workload.name;
}

// The engine's list filter for a workload's containers: its Compose labels, or its one container.
function containerFilter(workload: Workload): Record<string, string[]> {
  if (workload.kind === 'compose-service') {
    return { label: [`${labelKeys.composeProject}=${workload.group?.name ?? ''}`, `${labelKeys.composeService}=${workload.name}`] };
  }
  return { id: workload.members.map((m) => m.id) };
}

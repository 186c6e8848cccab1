import type { WorkloadHealth, WorkloadMember, WorkloadState } from '../../../core/engines/engineTypes';
import type { ContainerInspect, ContainerSummary } from './dockerSchemas';

// One container as the backend keeps it between events: what the list says, completed
// by an inspect (restarts, exit code, TTY) once one has been made. Engine words become
// the core's states here, nowhere else.

export const labelKeys = {
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
  composeNumber: 'com.docker.compose.container-number',
  stack: 'com.docker.stack.namespace',
  swarmServiceId: 'com.docker.swarm.service.id',
  swarmServiceName: 'com.docker.swarm.service.name',
  swarmTaskId: 'com.docker.swarm.task.id',
  imageVersion: 'org.opencontainers.image.version',
} as const;

export interface ContainerRecord {
  id: string;
  /** Name without the leading "/". */
  name: string;
  /** Image reference as the container was created from it. */
  image?: string;
  createdAt?: number;
  /** Engine state word: created, running, paused, restarting, removing, exited, dead. */
  engineState: string;
  /** Engine health word: starting, healthy, unhealthy; undefined without a check. */
  engineHealth?: string;
  labels: Record<string, string>;
  /** Known once inspected. */
  restarts?: number;
  exitCode?: number;
  startedAt?: number;
  tty?: boolean;
  /** The engine's own error text (failed start, OOM). */
  error?: string;
}

export function containerFromSummary(summary: ContainerSummary, known?: ContainerRecord): ContainerRecord {
  const engineState = summary.State ?? 'unknown';
  // What an inspect learned stays while the container is in the same state; a new state means new facts.
  const sameRun = known !== undefined && known.engineState === engineState;
  return {
    id: summary.Id,
    name: (summary.Names?.[0] ?? summary.Id.slice(0, 12)).replace(/^\//, ''),
    image: summary.Image ?? undefined,
    createdAt: summary.Created == null ? undefined : summary.Created * 1000,
    engineState,
    engineHealth: healthFromStatus(summary.Status ?? ''),
    labels: summary.Labels,
    restarts: known?.restarts,
    exitCode: (sameRun ? known.exitCode : undefined) ?? exitCodeFromStatus(summary.Status ?? ''),
    startedAt: sameRun ? known.startedAt : undefined,
    tty: known?.tty,
    error: sameRun ? known.error : undefined,
  };
}

export function containerFromInspect(inspect: ContainerInspect): ContainerRecord {
  const state = inspect.State;
  return {
    id: inspect.Id,
    name: (inspect.Name ?? inspect.Id.slice(0, 12)).replace(/^\//, ''),
    image: inspect.Config?.Image ?? undefined,
    createdAt: timeOf(inspect.Created),
    engineState: state?.Status ?? 'unknown',
    engineHealth: state?.Health?.Status ?? undefined,
    labels: inspect.Config?.Labels ?? {},
    restarts: inspect.RestartCount ?? 0,
    exitCode: state?.ExitCode ?? undefined,
    startedAt: timeOf(state?.StartedAt),
    tty: inspect.Config?.Tty ?? false,
    error: state?.OOMKilled ? 'killed: out of memory' : state?.Error || undefined,
  };
}

/** True once an inspect completed the record. */
export function isInspected(record: ContainerRecord): boolean {
  return record.restarts !== undefined && record.tty !== undefined;
}

// The list has no health field; its status line ends in "(healthy)", "(unhealthy)" or "(health: starting)".
function healthFromStatus(status: string): string | undefined {
  const match = /\((healthy|unhealthy|health: starting)\)\s*$/.exec(status);
  if (!match) return undefined;
  return match[1] === 'health: starting' ? 'starting' : match[1];
}

// "Exited (137) 5 seconds ago": the list's only word on how a container ended.
function exitCodeFromStatus(status: string): number | undefined {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** Go's zero time ("0001-01-01T00:00:00Z") means never. */
export function timeOf(text: string | null | undefined): number | undefined {
  if (!text || text.startsWith('0001-')) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function containerState(record: ContainerRecord): WorkloadState {
  switch (record.engineState) {
    case 'running':
      return record.engineHealth === 'starting' ? 'starting' : 'running';
    case 'restarting':
      return 'starting';
    case 'created':
    case 'paused':
    case 'removing':
      return 'stopped';
    case 'exited':
      return record.exitCode === undefined || record.exitCode === 0 ? 'stopped' : 'failed';
    case 'dead':
      return 'failed';
    default:
      return 'unknown';
  }
}

export function containerHealth(record: ContainerRecord): WorkloadHealth {
  const health = record.engineHealth;
  return health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : 'none';
}

export function containerMember(record: ContainerRecord): WorkloadMember {
  const state = containerState(record);
  return {
    id: record.id,
    name: record.name,
    state,
    health: containerHealth(record),
    restarts: record.restarts ?? 0,
    detail: memberDetail(record, state),
    startedAt: record.engineState === 'running' ? record.startedAt : undefined,
  };
}

function memberDetail(record: ContainerRecord, state: WorkloadState): string | undefined {
  if (record.engineState === 'paused') return 'paused';
  if (record.engineState === 'created') return 'created, never started';
  if (state !== 'failed' && state !== 'stopped') return record.engineHealth === 'unhealthy' ? 'health check failing' : undefined;
  const code = record.exitCode === undefined ? '' : ` (exit code ${record.exitCode})`;
  return `${record.engineState}${code}${record.error ? `: ${record.error}` : ''}`;
}

import { DevopsError } from '../errors';
import type { EngineBackend, Workload, WorkloadAction } from './engineTypes';

// Which actions a workload offers, the same rule for every engine: the backend must have
// the method, and the workload must list the action when it lists any.

/** The most replicas a scale asks for: past it a typo (100 for 10) would flood the engine. */
export const maxReplicas = 1000;

/** Throws DevopsError('invalid-config') unless `replicas` is a whole number from 0 to maxReplicas. */
export function checkReplicaCount(replicas: number): void {
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > maxReplicas) {
    throw new DevopsError('invalid-config', `a replica count is a whole number from 0 to ${maxReplicas}, not ${String(replicas)}`);
  }
}

const methodOf: Record<WorkloadAction, keyof EngineBackend> = {
  scale: 'scale',
  restart: 'restart',
  start: 'start',
  stop: 'stop',
  logs: 'logs',
  stats: 'stats',
  'delete-member': 'deleteMember',
  shell: 'shell',
  'port-forward': 'portForward',
};

/** True when `backend` can do `action` to `workload`. */
export function canDo(backend: EngineBackend, workload: Workload, action: WorkloadAction): boolean {
  if (typeof backend[methodOf[action]] !== 'function') return false;
  return workload.actions === undefined || workload.actions.includes(action);
}

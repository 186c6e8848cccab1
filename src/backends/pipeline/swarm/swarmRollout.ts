import { DevopsError } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { inspectService, lastTaskFailure, runningTasks, serviceImage, type DeployedService } from './swarmService';

// Following a Swarm rollout from the engine: UpdateStatus goes updating → completed, or
// paused / rollback_* when tasks fail; the count of running tasks is logged as it moves.
// The engine does the work; this only watches, so a closed editor loses nothing.

export type RolloutEnd = 'completed' | 'paused' | 'rollback_completed' | 'rollback_paused' | 'timed-out';

export interface RolloutWatch {
  service: string;
  /** StartedAt of the update seen before ours, so an old "completed" is not taken for ours. */
  previousStart: string | undefined;
  /** True when the update changed the tasks; a labels-only update starts no rollout. */
  replacesTasks: boolean;
  deadline: number;
  say: (text: string) => void;
  signal: AbortSignal;
  pollMs?: number;
}

const endStates = new Set<string>(['completed', 'paused', 'rollback_completed', 'rollback_paused']);

export async function followRollout(client: DockerClient, watch: RolloutWatch): Promise<{ end: RolloutEnd; service: DeployedService; message?: string }> {
  let lastLine = '';
  for (;;) {
    const service = await inspectService(client, watch.service, watch.signal);
    const status = service.UpdateStatus;
    const ours = status?.StartedAt !== undefined && status.StartedAt !== null && status.StartedAt !== watch.previousStart;
    const tasks = await runningTasks(client, service, watch.signal);
    const state = ours ? (status?.State ?? 'updating') : watch.replacesTasks ? 'starting' : 'completed';
    const line = `${state}: ${tasks.running}/${tasks.desired} running ${serviceImage(service)}${ours && status?.Message ? ` (${status.Message})` : ''}`;
    if (line !== lastLine) watch.say(line);
    if (line !== lastLine && (state === 'paused' || state === 'rollback_started')) {
      const failure = await lastTaskFailure(client, service, watch.signal);
      if (failure) watch.say(failure);
    }
    lastLine = line;
    if (state === 'completed' && tasks.running >= tasks.desired) return { end: 'completed', service };
    if (endStates.has(state) && state !== 'completed') return { end: state as RolloutEnd, service, ...(status?.Message ? { message: status.Message } : {}) };
    if (Date.now() >= watch.deadline) return { end: 'timed-out', service };
    await delay(watch.pollMs ?? 500, watch.signal);
    if (watch.signal.aborted) throw new DevopsError('cancelled', `stopped following the rollout of ${watch.service}; it goes on in the engine`);
  }
}

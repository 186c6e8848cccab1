import { timeoutSignal } from '../safeTimers';
import type { EngineBackend, EngineSnapshot } from './engineTypes';

// One look at each engine, for commands that print and exit: the first snapshot each
// backend sends (its list, or the error that kept it from listing), then the watch ends.

export async function firstSnapshots(backends: readonly EngineBackend[], signal: AbortSignal, timeoutMs = 30_000): Promise<EngineSnapshot[]> {
  return Promise.all(backends.map((backend) => firstSnapshot(backend, signal, timeoutMs)));
}

async function firstSnapshot(backend: EngineBackend, signal: AbortSignal, timeoutMs: number): Promise<EngineSnapshot> {
  const controller = new AbortController();
  const deadline = timeoutSignal(timeoutMs);
  const stop = AbortSignal.any([signal, controller.signal, deadline]);
  let first: EngineSnapshot | undefined;
  await backend.watch((snapshot) => {
    first ??= snapshot;
    controller.abort();
  }, stop);
  if (first) return first;
  const message = deadline.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : 'cancelled';
  return { engineId: backend.id, engine: backend.engine, workloads: [], at: Date.now(), stale: true, error: { reason: deadline.aborted ? 'timeout' : 'cancelled', message } };
}

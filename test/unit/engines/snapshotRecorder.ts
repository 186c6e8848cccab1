import type { EngineBackend, EngineSnapshot, Workload } from '../../../src/core/engines/engineTypes';

/** Runs a backend's watch and keeps every snapshot, for tests that wait on what arrives. */
export class SnapshotRecorder {
  readonly snapshots: EngineSnapshot[] = [];
  private readonly controller = new AbortController();
  readonly done: Promise<void>;

  constructor(backend: EngineBackend) {
    this.done = backend.watch((snapshot) => this.snapshots.push(snapshot), this.controller.signal);
  }

  get latest(): EngineSnapshot | undefined {
    return this.snapshots.at(-1);
  }

  /** The latest snapshot's workload with this id. */
  workload(id: string): Workload | undefined {
    return this.latest?.workloads.find((w) => w.id === id);
  }

  /** Waits until the latest snapshot satisfies `condition`; fails naming `what` and the latest snapshot. */
  async until(condition: (snapshot: EngineSnapshot) => boolean, what: string, timeoutMs = 30_000): Promise<EngineSnapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.latest;
      if (latest && condition(latest)) return latest;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; latest snapshot: ${describe(latest)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}

function describe(snapshot: EngineSnapshot | undefined): string {
  if (!snapshot) return 'none';
  const rows = snapshot.workloads.map((w) => `${w.id} ${w.state}/${w.health} ${w.replicas ? `${w.replicas.ready}/${w.replicas.desired}` : ''}`);
  return `stale=${snapshot.stale} error=${snapshot.error?.message ?? '-'} [${rows.join('; ')}]`;
}

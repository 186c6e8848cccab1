import type { EngineBackend, Workload } from '../../core/engines/engineTypes';
import { canDo } from '../../core/engines/workloadActions';
import { isCancellation } from '../../core/errors';
import type { MetricsModel } from '../../core/monitor/metricsModel';
import type { EnginesSession } from '../engines/enginesSession';

/** Past this many workloads the charts would be unreadable and the engine busy streaming stats. */
const MAX_WORKLOADS = 12;

/** The MetricsModel ids of the per-container charts: `engine.cpu.<member>`, `engine.memory.<member>`. */
export const ENGINE_CHART_SOURCES = { cpu: 'engine.cpu', memory: 'engine.memory' } as const;

/**
 * CPU and memory of the running containers (or pods) of the live workloads, from the
 * engine's stats stream, while the Monitor panel is shown: one line per member in the
 * Containers charts. The followed set follows the snapshots; nothing streams while hidden.
 */
export class EngineStats {
  private visible = false;
  private key = '';
  private controller: AbortController | undefined;

  constructor(
    private readonly engines: EnginesSession,
    /** The model the charts read (replaced when devops.yaml changes). */
    private readonly metrics: () => MetricsModel,
  ) {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.update();
  }

  /** Follows the workloads of the latest snapshots (call on every engines change). */
  update(): void {
    const targets = this.visible ? this.targets() : [];
    const key = targets.map((t) => `${t.backend.id}\n${t.workload.id}\n${t.workload.members.map((m) => m.id).join(',')}`).join('\n\n');
    if (key === this.key) return;
    this.key = key;
    this.stop();
    if (targets.length === 0) return;
    const controller = (this.controller = new AbortController());
    for (const { backend, workload } of targets) {
      backend
        .stats!(workload, (sample) => {
          const model = this.metrics();
          model.record(`${ENGINE_CHART_SOURCES.cpu}.${sample.member}`, sample.at, Math.round(sample.cpuPercent * 10) / 10);
          model.record(`${ENGINE_CHART_SOURCES.memory}.${sample.member}`, sample.at, Math.round(sample.memoryBytes / 1024 / 102.4) / 10);
        }, controller.signal)
        .catch((error: unknown) => {
          if (!controller.signal.aborted && !isCancellation(error)) this.metrics().fail(`${ENGINE_CHART_SOURCES.cpu}.${workload.name}`, error instanceof Error ? error.message : String(error));
        });
    }
  }

  dispose(): void {
    this.stop();
  }

  private targets(): { backend: EngineBackend; workload: Workload }[] {
    return this.engines.state.engines
      .flatMap((entry) => (entry.snapshot && !entry.snapshot.stale ? entry.snapshot.workloads.map((workload) => ({ backend: entry.backend, workload })) : []))
      .filter(({ backend, workload }) => workload.state !== 'stopped' && workload.state !== 'failed' && canDo(backend, workload, 'stats') && (backend.can?.(workload, 'stats') ?? true))
      .slice(0, MAX_WORKLOADS);
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}

import type { EngineBackend, EngineStatsSample, Workload } from '../../core/engines/engineTypes';
import { canDo } from '../../core/engines/workloadActions';
import { DevopsError, isCancellation } from '../../core/errors';
import type { MetricsModel } from '../../core/monitor/metricsModel';
import type { EnginesSession } from '../engines/enginesSession';

/** Past this many workloads the charts would be unreadable and the engine busy streaming stats. */
const MAX_WORKLOADS = 12;

/** The MetricsModel ids of the per-container charts: `engine.cpu.<member>`, `engine.memory.<member>`. */
export const ENGINE_CHART_SOURCES = { cpu: 'engine.cpu', memory: 'engine.memory' } as const;
/** The MetricsModel ids of the per-workload Kubernetes charts: `kube.cpu.<namespace>/<workload>`, `kube.memory.<namespace>/<workload>`. */
export const KUBE_CHART_SOURCES = { cpu: 'kube.cpu', memory: 'kube.memory' } as const;

/**
 * CPU and memory of the running containers and pods of the live workloads, while the
 * Monitor panel is shown: Docker's stats stream as one line per container, the Kubernetes
 * metrics API as one line per workload (its pods summed, as `kubectl top` users compare
 * workloads). The followed set follows the snapshots; nothing streams while hidden. A
 * cluster without the metrics API is a note, not an error: most clusters lack it.
 */
export class EngineStats {
  private visible = false;
  private key = '';
  private controller: AbortController | undefined;
  /** Kubernetes backend id → the note that its cluster has no metrics API. */
  private readonly noMetricsApi = new Map<string, string>();

  constructor(
    private readonly engines: EnginesSession,
    /** The model the charts read (replaced when devops.yaml changes). */
    private readonly metrics: () => MetricsModel,
    /** Called when the notes change. */
    private readonly onNotesChanged: () => void = () => undefined,
  ) {}

  /** One line per engine whose data the charts lack, and why. */
  get notes(): string[] {
    return [...this.noMetricsApi.values()];
  }

  /** True while a Kubernetes engine may have metrics: its charts are shown. */
  get kubernetesMetrics(): boolean {
    return this.engines.state.engines.some((entry) => entry.backend.engine === 'kubernetes' && !this.noMetricsApi.has(entry.backend.id));
  }

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
      const record = backend.engine === 'kubernetes' ? this.workloadRecorder(workload) : (sample: EngineStatsSample): void => this.record(ENGINE_CHART_SOURCES, sample.member, sample);
      backend
        .stats!(workload, record, controller.signal)
        .catch((error: unknown) => {
          if (controller.signal.aborted || isCancellation(error)) return;
          if (backend.engine === 'kubernetes' && DevopsError.is(error, 'not-found')) {
            if (!this.noMetricsApi.has(backend.id)) {
              this.noMetricsApi.set(backend.id, error.message);
              this.onNotesChanged();
            }
            return;
          }
          this.metrics().fail(`${backend.engine === 'kubernetes' ? KUBE_CHART_SOURCES.cpu : ENGINE_CHART_SOURCES.cpu}.${workload.name}`, error instanceof Error ? error.message : String(error));
        });
    }
  }

  /** Forgets which clusters lacked the metrics API (devops.yaml changed, the cluster may have it now). */
  reset(): void {
    if (this.noMetricsApi.size === 0) return;
    this.noMetricsApi.clear();
    this.key = '';
    this.update();
    this.onNotesChanged();
  }

  // The pods' samples of one metrics API round arrive together: summed once they are all in.
  private workloadRecorder(workload: Workload): (sample: EngineStatsSample) => void {
    const line = workload.group ? `${workload.group.name}/${workload.name}` : workload.name;
    const latest = new Map<string, EngineStatsSample>();
    let queued = false;
    return (sample) => {
      latest.set(sample.member, sample);
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        const samples = [...latest.values()];
        const at = Math.max(...samples.map((s) => s.at));
        this.record(KUBE_CHART_SOURCES, line, { member: line, at, cpuPercent: samples.reduce((sum, s) => sum + s.cpuPercent, 0), memoryBytes: samples.reduce((sum, s) => sum + s.memoryBytes, 0) });
      });
    };
  }

  private record(sources: { cpu: string; memory: string }, line: string, sample: EngineStatsSample): void {
    const model = this.metrics();
    model.record(`${sources.cpu}.${line}`, sample.at, Math.round(sample.cpuPercent * 10) / 10);
    model.record(`${sources.memory}.${line}`, sample.at, Math.round(sample.memoryBytes / 1024 / 102.4) / 10);
  }

  dispose(): void {
    this.stop();
  }

  private targets(): { backend: EngineBackend; workload: Workload }[] {
    return this.engines.state.engines
      .flatMap((entry) => (entry.snapshot && !entry.snapshot.stale ? entry.snapshot.workloads.map((workload) => ({ backend: entry.backend, workload })) : []))
      .filter(({ backend, workload }) => !this.noMetricsApi.has(backend.id) && workload.state !== 'stopped' && workload.state !== 'failed' && canDo(backend, workload, 'stats') && (backend.can?.(workload, 'stats') ?? true))
      .slice(0, MAX_WORKLOADS);
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}

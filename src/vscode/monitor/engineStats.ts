import type { EngineBackend, EngineStatsSample, Workload } from '../../core/engines/engineTypes';
import { canDo } from '../../core/engines/workloadActions';
import { DevopsError, isCancellation } from '../../core/errors';
import { delay } from '../../core/safeTimers';
import type { MetricsModel } from '../../core/monitor/metricsModel';
import type { EnginesSession } from '../engines/enginesSession';

/** The longest pause before a failed stats stream is asked again. */
const RETRY_MAX_MS = 60_000;

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
    /** The first pause before a failed stats stream is asked again; it doubles up to a minute. */
    private readonly retryFirstMs = 2_000,
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
    for (const { backend, workload } of targets) void this.follow(backend, workload, controller.signal);
  }

  // One workload's stats until aborted. A transient failure (a timeout under load, a dropped
  // connection) shows on the chart and is retried with a growing pause, so one bad round does
  // not leave a workload without a line until the next devops.yaml change.
  private async follow(backend: EngineBackend, workload: Workload, signal: AbortSignal): Promise<void> {
    const kubernetes = backend.engine === 'kubernetes';
    const failedId = `${kubernetes ? KUBE_CHART_SOURCES.cpu : ENGINE_CHART_SOURCES.cpu}.${kubernetes ? kubeLine(workload) : workload.name}`;
    let failed = false;
    const worked = (): void => {
      if (failed) this.metrics().clearError(failedId);
      failed = false;
    };
    const recorder = kubernetes ? this.workloadRecorder(workload) : (sample: EngineStatsSample): void => this.record(ENGINE_CHART_SOURCES, sample.member, sample);
    const record = (sample: EngineStatsSample): void => {
      worked();
      recorder(sample);
    };
    for (let failures = 0; !signal.aborted; failures++) {
      try {
        await backend.stats!(workload, record, signal, worked);
        return;
      } catch (error) {
        if (signal.aborted || isCancellation(error)) return;
        if (kubernetes && DevopsError.is(error, 'not-found')) {
          if (!this.noMetricsApi.has(backend.id)) {
            this.noMetricsApi.set(backend.id, error.message);
            this.onNotesChanged();
          }
          return;
        }
        failed = true;
        this.metrics().fail(failedId, error instanceof Error ? error.message : String(error));
        // A container that is not running is news from the engine's own snapshot, not a retry.
        if (DevopsError.is(error, 'not-found')) return;
        await delay(Math.min(RETRY_MAX_MS, this.retryFirstMs * 2 ** failures), signal);
      }
    }
  }

  /**
   * devops.yaml changed: the charts read a new, empty model, and a cluster that lacked the
   * metrics API may have it now. The streams start again so their first round fills the new
   * model at once rather than one interval later.
   */
  reset(): void {
    const hadNotes = this.noMetricsApi.size > 0;
    this.noMetricsApi.clear();
    this.key = '';
    this.update();
    if (hadNotes) this.onNotesChanged();
  }

  // The pods' samples of one metrics API round arrive together: summed once they are all in.
  private workloadRecorder(workload: Workload): (sample: EngineStatsSample) => void {
    const line = kubeLine(workload);
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

/** A Kubernetes workload's line on the charts: namespace/name. */
function kubeLine(workload: Workload): string {
  return workload.group ? `${workload.group.name}/${workload.name}` : workload.name;
}

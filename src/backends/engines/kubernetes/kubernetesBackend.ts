import type { EngineBackend, EngineCapability, EngineLogLine, EngineSnapshot, EngineStatsSample, PortForward, ShellChannel, TerminalSize, Workload, WorkloadMember } from '../../../core/engines/engineTypes';
import { DevopsError, isCancellation } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import { watchCluster } from './clusterWatch';
import type { ClusterWatchTimings } from './clusterWatch';
import { defaultKubeTimeouts, KubeClient } from './kubeClient';
import type { KubeTimeouts } from './kubeClient';
import { openKubeSession } from './kubeSession';
import type { KubeSessionOptions } from './kubeSession';
import { workloadLogs } from './podLogs';
import { forwardWorkloadPort } from './podPortForward';
import { openPodShell } from './podShell';
import type { LogTimings } from './podLogs';
import { workloadStats } from './podStats';
import { deletePod, kubernetesCan, restartWorkload, scaleWorkload } from './workloadActions';

// The Kubernetes engine: one kubeconfig context, its namespaces watched into whole
// snapshots, and the actions kubectl users expect (scale, rollout restart, delete a pod,
// logs of a workload, CPU and memory from the metrics API, port-forward, a shell in a pod). The session (kubeconfig, the
// library) is opened on first use and kept; a failure to open it is a snapshot with an
// error, retried with a growing pause, never a rejection.

/** Every wait of the backend; tests shorten them. */
export interface KubernetesTimings extends ClusterWatchTimings, KubeTimeouts, LogTimings {
  /** How often pod metrics are read. */
  statsIntervalMs: number;
}

export const defaultKubernetesTimings: KubernetesTimings = {
  ...defaultKubeTimeouts,
  idleMs: 150_000,
  serverTimeoutSeconds: 240,
  backoffFirstMs: 1_000,
  backoffMaxMs: 60_000,
  pageSize: 500,
  coalesceMs: 100,
  quietMs: 10,
  rescanMs: 10_000,
  statsIntervalMs: 15_000,
};

export interface KubernetesBackendOptions extends KubeSessionOptions {
  timings?: Partial<KubernetesTimings>;
}

export class KubernetesBackend implements EngineBackend {
  readonly engine = 'kubernetes' as const;
  readonly id: string;
  private readonly timings: KubernetesTimings;
  private client: Promise<KubeClient> | undefined;

  constructor(private readonly options: KubernetesBackendOptions) {
    this.id = `kubernetes:${options.config.context ?? 'current'}`;
    this.timings = { ...defaultKubernetesTimings, ...options.timings };
  }

  async watch(onSnapshot: (snapshot: EngineSnapshot) => void, signal: AbortSignal): Promise<void> {
    let lastGood: EngineSnapshot | undefined;
    const forward = (snapshot: EngineSnapshot): void => {
      if (!snapshot.stale) lastGood = snapshot;
      onSnapshot(snapshot);
    };
    let failures = 0;
    while (!signal.aborted) {
      try {
        const client = await this.connect();
        failures = 0;
        await watchCluster(client, this.id, this.timings, forward, signal);
        return;
      } catch (error) {
        if (signal.aborted || isCancellation(error)) return;
        const failure = DevopsError.is(error) ? error : new DevopsError('unavailable', String(error), { cause: error });
        onSnapshot({ engineId: this.id, engine: 'kubernetes', workloads: lastGood?.workloads ?? [], at: lastGood?.at ?? Date.now(), stale: true, error: { reason: failure.reason, message: failure.message } });
        failures++;
        await delay(Math.min(this.timings.backoffMaxMs, this.timings.backoffFirstMs * 2 ** (failures - 1)), signal);
      }
    }
  }

  can(workload: Workload, capability: EngineCapability): boolean {
    return kubernetesCan(workload, capability);
  }

  async scale(workload: Workload, replicas: number, signal: AbortSignal): Promise<void> {
    await scaleWorkload(await this.connect(), workload, replicas, signal);
  }

  async restart(workload: Workload, signal: AbortSignal): Promise<void> {
    await restartWorkload(await this.connect(), workload, signal);
  }

  async deleteMember(workload: Workload, member: WorkloadMember, signal: AbortSignal): Promise<void> {
    await deletePod(await this.connect(), workload, member, signal);
  }

  async logs(workload: Workload, options: { since?: number; tail?: number; follow: boolean }, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void> {
    await workloadLogs(await this.connect(), workload, options, this.timings, onLine, signal);
  }

  async stats(workload: Workload, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal, onRead?: () => void): Promise<void> {
    await workloadStats(await this.connect(), workload, this.timings.statsIntervalMs, onSample, signal, onRead);
  }

  async portForward(workload: Workload, remotePort: number, options: { localPort?: number }, signal: AbortSignal): Promise<PortForward> {
    return forwardWorkloadPort(await this.connect(), workload, remotePort, options, signal);
  }

  /** A shell in one running pod (Open Shell on a pod row or a workload). */
  async shell(workload: Workload, member: WorkloadMember, size: TerminalSize, _signal?: AbortSignal, container?: string): Promise<ShellChannel> {
    return openPodShell(await this.connect(), workload, member, size, container);
  }

  /** The session's client, opened once; a failed open is tried again on the next call. */
  private connect(): Promise<KubeClient> {
    this.client ??= openKubeSession(this.options).then(
      (session) => new KubeClient(session, this.timings),
      (error: unknown) => {
        this.client = undefined;
        throw error;
      },
    );
    return this.client;
  }
}

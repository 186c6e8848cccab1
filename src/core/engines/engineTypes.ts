// What runs on the container engines and orchestrators (Docker, Compose, Swarm,
// Kubernetes), as the product sees it: workloads with their members, replicas, health and
// autoscaler, whole snapshots per engine, and the optional capabilities of a backend.
// Backends (src/backends/engines/<engine>) turn the engines' own payloads into these types
// where they enter; views and the CLI read nothing else.

/** Which engine API a workload came from. Compose and Swarm are read through Docker's. */
export type EngineKind = 'docker' | 'kubernetes';

/** What a row stands for. */
export type WorkloadKind =
  | 'container' // a Docker container outside Compose and Swarm
  | 'compose-service' // the containers of one Compose service (project + service labels)
  | 'swarm-service'
  | 'deployment'
  | 'statefulset'
  | 'daemonset'
  | 'pod'; // a bare pod, owned by no workload

/** Where a workload is grouped in the views: a Compose project, a Swarm stack, a namespace. */
export interface WorkloadGroup {
  kind: 'compose' | 'stack' | 'namespace';
  name: string;
}

/** Lifecycle, reduced to the words every engine can map onto. */
export type WorkloadState = 'running' | 'starting' | 'updating' | 'stopped' | 'failed' | 'unknown';

/** Health as the engine judges it (Docker healthcheck, pod readiness); `none` when it has no check. */
export type WorkloadHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** One container, Swarm task or pod of a workload. */
export interface WorkloadMember {
  /** Engine id (container id, task id, pod uid). */
  id: string;
  /** Name a person recognises (container name, `service.slot`, pod name). */
  name: string;
  state: WorkloadState;
  health: WorkloadHealth;
  restarts: number;
  /** Node it runs on, when the engine says. */
  node?: string;
  /** One line on why it is not running (exit code, CrashLoopBackOff, task error). */
  detail?: string;
  startedAt?: number;
  /** A pod's containers when it has more than one, its default container first (kubectl's `-c` choices). */
  containers?: string[];
}

/** A Kubernetes HorizontalPodAutoscaler (autoscaling/v2) of a workload. */
export interface AutoscalerStatus {
  name: string;
  min: number;
  max: number;
  current: number;
  desired: number;
  /** Each metric against its target, e.g. { name: 'cpu', current: 92, target: 70, unit: '%' }. */
  metrics: { name: string; current?: number; target: number; unit: string }[];
  lastScaleAt?: number;
  /** The HPA's conditions (AbleToScale, ScalingActive, ScalingLimited). */
  conditions: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string }[];
}

export interface Workload {
  /** Stable id: `<engine>/<kind>/<group or ->/<name>`, e.g. `docker/compose-service/shop/web`. */
  id: string;
  engine: EngineKind;
  kind: WorkloadKind;
  group?: WorkloadGroup;
  name: string;
  state: WorkloadState;
  health: WorkloadHealth;
  /** Desired and ready replicas; absent for a single container. */
  replicas?: { desired: number; ready: number };
  /** Image reference as the engine runs it (tag or digest). */
  image?: string;
  /** Version from the image's org.opencontainers.image.version label, else its tag. */
  version?: string;
  /** Restarts summed over members. */
  restarts: number;
  createdAt?: number;
  autoscaler?: AutoscalerStatus;
  members: WorkloadMember[];
  /** Labels or annotations the product reads (compose, stack, deploy records). */
  labels: Record<string, string>;
  /** What can be done to this workload (a Swarm service scales but does not stop, a container does not scale); absent: whatever the backend's methods offer. */
  actions?: WorkloadAction[];
}

/** One thing a user can do to a workload; menus and the CLI offer only the ones a workload lists. */
export type WorkloadAction = 'scale' | 'restart' | 'start' | 'stop' | 'logs' | 'stats' | 'delete-member' | 'shell' | 'port-forward';

/** Everything one engine runs, as one whole snapshot; views replace, never patch. */
export interface EngineSnapshot {
  /** Backend id, e.g. `docker` or `kubernetes:prod`. */
  engineId: string;
  engine: EngineKind;
  workloads: Workload[];
  /** When the engine last answered. */
  at: number;
  /** Set when the last read or the watch failed; `workloads` are then the last good ones. */
  error?: { reason: string; message: string };
  /** True while `workloads` may be outdated (error, reconnecting). */
  stale: boolean;
}

/** One log line from a workload's members, tagged with the member it came from. */
export interface EngineLogLine {
  member: string;
  /** The container within the member, when it has several (a pod with sidecars). */
  container?: string;
  /** Engine timestamp (ms since epoch), used to resume without gaps or repeats. */
  time: number;
  text: string;
  stream: 'stdout' | 'stderr';
  /** The engine's own position of the line, finer than `time` (Docker: RFC 3339 with nanoseconds); the last one per member, as `resumeAfter`, resumes with no repeat. */
  cursor?: string;
}

/** Options of EngineBackend.logs beyond since/tail/follow. */
export interface EngineLogExtras {
  /** Per member name, the cursor of the last line already shown: lines up to it are not sent again. */
  resumeAfter?: Record<string, string>;
  /** Told when a member's stream ends or comes back (a container exited, the engine went away), in words for a log view's status line. */
  onNotice?: (notice: { member: string; state: 'ended' | 'resumed' | 'error'; message: string }) => void;
}

/** One resource sample of a member. */
export interface EngineStatsSample {
  member: string;
  at: number;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes?: number;
}

/**
 * A backend of one engine. `watch` is the only required capability; the others exist only
 * where the engine supports them, and menus follow what exists, not the engine's name.
 */
export interface EngineBackend {
  readonly id: string;
  readonly engine: EngineKind;
  /** Lists, then follows the engine's event or watch stream; calls onSnapshot with whole snapshots until aborted. Never rejects except on abort. */
  watch(onSnapshot: (snapshot: EngineSnapshot) => void, signal: AbortSignal): Promise<void>;
  /** Sets the desired replicas (Swarm service, Compose service, Kubernetes workload). */
  scale?(workload: Workload, replicas: number, signal: AbortSignal): Promise<void>;
  /** Restarts a container, a Compose service, or rolls a Kubernetes workload. */
  restart?(workload: Workload, signal: AbortSignal): Promise<void>;
  start?(workload: Workload, signal: AbortSignal): Promise<void>;
  stop?(workload: Workload, signal: AbortSignal): Promise<void>;
  /** Deletes one member (a pod); its controller brings it back. */
  deleteMember?(workload: Workload, member: WorkloadMember, signal: AbortSignal): Promise<void>;
  /** Streams the logs of every member from `since` (ms), following until aborted. */
  logs?(workload: Workload, options: { since?: number; tail?: number; follow: boolean } & EngineLogExtras, onLine: (line: EngineLogLine) => void, signal: AbortSignal): Promise<void>;
  /** Streams CPU and memory samples of every member until aborted; `onRead` after each read that worked, samples or not. */
  stats?(workload: Workload, onSample: (sample: EngineStatsSample) => void, signal: AbortSignal, onRead?: () => void): Promise<void>;
  /** Opens an interactive shell in one running member (a container, a pod), on a terminal the engine allocates. */
  shell?(workload: Workload, member: WorkloadMember, size: TerminalSize, signal: AbortSignal, container?: string): Promise<ShellChannel>;
  /** Forwards a port on 127.0.0.1 to `remotePort` of one running member, until closed. */
  portForward?(workload: Workload, remotePort: number, options: { localPort?: number }, signal: AbortSignal): Promise<PortForward>;
  /** False when this workload lacks a capability the backend has (a DaemonSet has no replicas to scale); absent means every capability applies to every workload. */
  can?(workload: Workload, capability: EngineCapability): boolean;
}

/** The optional methods of EngineBackend, by name, for menus and `can`. */
export type EngineCapability = 'scale' | 'restart' | 'start' | 'stop' | 'deleteMember' | 'logs' | 'stats' | 'shell' | 'portForward';

/** Columns and rows of a terminal. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** A local port forwarded to a member's port. */
export interface PortForward {
  /** The port listening on 127.0.0.1. */
  readonly localPort: number;
  /** The member the connections reach (a pod's name). */
  readonly member: string;
  readonly remotePort: number;
  /** Told when a connection fails on the engine's side (nothing listens on that port, the pod went away). */
  onError(listener: (message: string) => void): void;
  /** Stops listening and ends every forwarded connection. */
  close(): Promise<void>;
}

/** A shell running in a member, on a terminal the engine allocated: raw bytes both ways. */
export interface ShellChannel {
  /** Sends typed input (keys, pasted text) to the shell. */
  write(data: string): void;
  /** Tells the engine the terminal's new size. */
  resize(size: TerminalSize): Promise<void>;
  /** Output as it comes (the terminal echoes input itself). */
  onData(listener: (data: string) => void): void;
  /** Resolves once the shell ended, with its exit code when the engine says. */
  readonly ended: Promise<{ code?: number }>;
  /** Ends the connection (the shell gets a hangup). */
  close(): void;
}

/** What runs on an environment's engine target, read from the engine (never from local files). */
export interface TargetState {
  /** The workload, e.g. "swarm shop_web". */
  target: string;
  /** repository:tag the workload runs, digest dropped. */
  image: string;
  /** The released version: the deploy's label while the image is the one it set, else the image's tag. */
  version?: string;
  /** Tasks or pods running, and how many are wanted. */
  replicas: { running: number; desired: number };
  /** When the running image was set (ISO), as far as the engine knows. */
  changedAt?: string;
  /** Who set it, when a deploy of this product recorded it. */
  changedBy?: string;
  /** The engine's rollout state (e.g. updating, completed, paused, failed), when there is one. */
  rollout?: string;
  /** What the engine would roll back to (Swarm's PreviousSpec), when it keeps one. */
  previous?: { image: string; version?: string };
  /** Earlier and current revisions, newest first, where the engine keeps them (a Kubernetes Deployment's ReplicaSets). */
  history?: TargetRevision[];
}

/** One revision of a target as the engine remembers it. */
export interface TargetRevision {
  /** The engine's revision number (deployment.kubernetes.io/revision). */
  revision: number;
  /** repository:tag that revision runs. */
  image: string;
  /** The release version a deploy recorded on it, else the image's tag. */
  version?: string;
  /** When the engine made that revision (ISO). */
  createdAt?: string;
}

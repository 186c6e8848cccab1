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
  /** The engine's rollout state (e.g. updating, completed, paused), when there is one. */
  rollout?: string;
  /** What the engine would roll back to (Swarm's PreviousSpec), when it keeps one. */
  previous?: { image: string; version?: string };
}

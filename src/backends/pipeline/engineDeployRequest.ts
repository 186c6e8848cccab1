/** What every engine deploy is asked to do, whichever engine the target runs on. */
export interface EngineDeployRequest {
  /** repository:tag to run. */
  image: string;
  /** The release version, recorded on the target. */
  version: string;
  /** Who deploys, recorded on the target. */
  who: string;
  /** auto: a failed rollout is rolled back. */
  rollback: 'auto' | 'manual';
  /** How long the rollout may take. */
  timeoutMs: number;
  /** A line of progress for the stage's log. */
  say: (text: string) => void;
  signal: AbortSignal;
  /** How often the rollout's state is read; tests shorten it. */
  pollMs?: number;
}

import { DevopsError } from '../errors';

/** The caller's explicit yes for a protected environment (the modal, or `--confirm <env>`). */
export interface DeployConfirmation {
  /** Must equal the environment being deployed. */
  environment: string;
}

/**
 * A deploy that changes what an engine target runs without shipping the workspace's
 * version: back to the target's previous spec, or the image another environment runs.
 */
export type DeployAction = { kind: 'rollback' } | { kind: 'promote'; from: string };

/** One line of the deploy audit log (JSONL). */
export interface DeployRecord {
  environment: string;
  /** ISO time the deploy started. */
  at: string;
  who: string;
  version: string;
  commit?: string;
  result: 'succeeded' | 'failed' | 'cancelled';
  reason?: string;
  durationMs: number;
  /** Host and pid that ran it. */
  host: string;
  pid: number;
  /** Pipeline run it belonged to. */
  runId?: string;
  /** Set when this was a rollback or a promotion rather than a deploy of the workspace. */
  action?: 'rollback' | 'promote';
  /** The environment a promotion took its image from. */
  from?: string;
}

/** Refuses (forbidden) a protected environment unless the caller confirmed exactly this one. */
export function assertConfirmed(environment: string, isProtected: boolean, confirmation: DeployConfirmation | undefined): void {
  if (!isProtected || confirmation?.environment === environment) return;
  throw new DevopsError('forbidden', `"${environment}" is a protected environment: confirm the deploy (CLI: --confirm ${environment})`);
}

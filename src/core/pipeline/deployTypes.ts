import { DevopsError } from '../errors';

/** The caller's explicit yes for a protected environment (the modal, or `--confirm <env>`). */
export interface DeployConfirmation {
  /** Must equal the environment being deployed. */
  environment: string;
}

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
}

/** Refuses (forbidden) a protected environment unless the caller confirmed exactly this one. */
export function assertConfirmed(environment: string, isProtected: boolean, confirmation: DeployConfirmation | undefined): void {
  if (!isProtected || confirmation?.environment === environment) return;
  throw new DevopsError('forbidden', `"${environment}" is a protected environment: confirm the deploy (CLI: --confirm ${environment})`);
}

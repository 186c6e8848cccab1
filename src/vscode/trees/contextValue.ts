import type { CiJobWord, CiRunWord } from '../../core/ci/ciProvider';
import type { PlanItemWord } from '../../core/plan/planProvider';

/** What a row is: the first word of its contextValue (`viewItem =~ /^service\b/`). */
export const rowKinds = [
  'sprint',
  'statusGroup',
  'plan-item',
  'service',
  'engine',
  'workload',
  'workload-member',
  'detail',
  'dependency',
  'section',
  'stage',
  'run',
  'runStage',
  'test',
  'environment',
  'deploy',
  'ci-provider',
  'ci-run',
  'ci-job',
  'ci-step',
  'pull-request',
  'pr-check',
  'warning',
  'error',
  'info',
] as const;

export type RowKind = (typeof rowKinds)[number];

/** What can be done with a row; menus in package.json match these words (`viewItem =~ /\bretry\b/`). */
export const rowCapabilities = [
  // Any view: a failure to retry, devops.yaml's problems, the last good version shown.
  'retry',
  'problem',
  'openConfig',
  'stale',
  // Plan items (core/plan/planProvider.ts says which an item has).
  'status-settable',
  'assignable',
  'points-editable',
  'openable',
  'active',
  // Services.
  'openUrl',
  // Live workloads of the engines (what the backend and the workload allow).
  'scalable',
  'restartable',
  'startable',
  'stoppable',
  'engine-logs',
  'member-deletable',
  'shell',
  'port-forward',
  'host-allowable',
  // Pipeline stages, runs and environments.
  'runnable',
  'cancelable',
  'rerunnable',
  'log',
  'deployable',
  'protected',
  // Environments on an engine target: it keeps a previous spec; another environment's image can come here.
  'rollbackable',
  'promotable',
  'openTest',
  // CI engines, runs and jobs (core/ci/ciProvider.ts says which a run or job has).
  'rerunnable-failed',
  'head',
  'streaming',
  'triggerable',
  'scope-current',
  'scope-all',
  'signed-out',
  'credentials-gitlab',
  'credentials-jenkins',
  'signin-github',
  'signin-gitlab',
  'signin-jenkins',
  'playable',
  'answerable',
  // The branch's pull or merge request in the Plan view's Review section.
  'mergeable',
  'pr-creatable',
] as const;

export type RowCapability = (typeof rowCapabilities)[number];

// The core decides which words its items, runs and jobs carry: they must be words menus know.
type KnownWords<T extends RowCapability> = T;
export type CoreRowWords = KnownWords<PlanItemWord | CiRunWord | CiJobWord>;

/**
 * The one way to build a TreeItem.contextValue: the kind first, then the capability words
 * sorted, so `viewItem =~ /\bretry\b/` in package.json keeps working as rows gain words.
 */
export function contextValue(kind: RowKind, capabilities: readonly RowCapability[] = []): string {
  return [kind, ...[...new Set(capabilities)].sort()].join(' ');
}

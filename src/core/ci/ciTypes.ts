// The CI domain in our own words, whatever GitHub, GitLab or Jenkins call things.
// Run → Job → Step; a Jenkins pipeline's stages are its jobs. Statuses share the
// local runner's words where they mean the same (succeeded, failed, cancelled, skipped).

/**
 * queued: not started yet (the local runner's "waiting"); waiting: held for a person
 * (approval, manual job, input step); unknown: a status the API sent that we do not know.
 */
export type CiStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'unknown';

export const finalStatuses: ReadonlySet<CiStatus> = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

/** True once nothing more will happen to it (unknown counts as not finished: keep looking). */
export function isFinished(status: CiStatus): boolean {
  return finalStatuses.has(status);
}

/** One run of a workflow, pipeline or Jenkins job. */
export interface CiRun {
  /** Unique within its provider; stable across polls. */
  id: string;
  /** The run number people use ("#42"), when the provider has one. */
  number?: number;
  /** What the row says: workflow and commit title, "Pipeline #7", "build #12". */
  title: string;
  /** The workflow, pipeline definition or job it is a run of; runs of one workflow and branch form a history. */
  workflow: string;
  status: CiStatus;
  /** The provider's own status word, kept when it mapped to unknown or for tooltips. */
  rawStatus?: string;
  branch?: string;
  /** Full commit SHA. */
  commit?: string;
  /** Login or name of who started it. */
  actor?: string;
  /** What started it: push, pull_request, schedule, web, a Jenkins cause. */
  event?: string;
  /** Web page of the run. */
  url?: string;
  /** Epoch ms. */
  createdAt?: number;
  /** Epoch ms when it started running. */
  startedAt?: number;
  /** Epoch ms when it finished. */
  endedAt?: number;
  /** Run time, when the provider says or both ends are known. */
  durationMs?: number;
}

/** A job of a run (GitHub job, GitLab job, Jenkins stage). */
export interface CiJob {
  /** Unique within its provider. */
  id: string;
  /** The run it belongs to. */
  runId: string;
  name: string;
  /** GitLab stage name, for grouping. */
  stage?: string;
  status: CiStatus;
  /** The provider's own status word. */
  rawStatus?: string;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  /** Web page of the job. */
  url?: string;
  /** Steps in order; empty where the provider has none (GitLab). */
  steps: CiStep[];
}

/** One step of a job. */
export interface CiStep {
  /** 1-based position as the provider numbers it. */
  number: number;
  name: string;
  status: CiStatus;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
}

/** Which runs to list. */
export interface RunQuery {
  /** Only runs of this branch; all branches when undefined. */
  branch?: string;
  /** Most runs wanted; default 20. */
  limit?: number;
}

/** A list and whether it is known to be what the last call returned (every page answered 304). */
export interface Listed<T> {
  /** The items, newest first for runs. */
  items: T[];
  /** True when the server said nothing changed; the model then emits nothing. */
  unchanged: boolean;
}

/** Why a log is not whole. */
export interface LogNotice {
  /** expired: the provider deleted it; truncated: cut by the provider or our size cap; unavailable: not yet there. */
  kind: 'expired' | 'truncated' | 'unavailable';
  /** One sentence for the top of the document. */
  message: string;
}

/** Part of a log: the text from `offset` to `nextOffset` (bytes). */
export interface LogChunk {
  /** Whole lines as far as known; a streamed chunk may end inside a line. */
  text: string;
  /** Byte offset of `text` in the whole log. */
  offset: number;
  /** Offset to ask for next, for providers that stream. */
  nextOffset: number;
  /** True when the provider says no more will come. */
  complete: boolean;
  /** Set when the log is expired, cut, or not there yet. */
  notice?: LogNotice;
}

/** What a log belongs to: a job (GitHub, GitLab) or the whole run (Jenkins console). */
export interface LogTarget {
  /** The run. */
  run: CiRun;
  /** The job, for providers that keep logs per job. */
  job?: CiJob;
}

/** One declared input of a trigger (workflow_dispatch input, Jenkins parameter). */
export interface TriggerInput {
  name: string;
  description?: string;
  required: boolean;
  type: 'string' | 'boolean' | 'choice' | 'number' | 'environment';
  /** Default as text. */
  default?: string;
  /** The allowed values of a choice. */
  options?: string[];
}

/** Something that can be started: a dispatchable workflow, the project pipeline, a Jenkins job. */
export interface TriggerTarget {
  /** What `TriggerRequest.target` names. */
  id: string;
  /** What the picker shows. */
  label: string;
  /** Declared inputs, in file order. */
  inputs: TriggerInput[];
  /** True when any variable may be passed (GitLab pipeline variables). */
  freeVariables: boolean;
}

/** A request to start a run. */
export interface TriggerRequest {
  /** A TriggerTarget id. */
  target: string;
  /** Branch or tag to run on. */
  ref: string;
  /** Input and variable values. */
  inputs: Record<string, string>;
}

/** The API budget left, for the provider row's tooltip. */
export interface RateBudget {
  /** Requests left in the window. */
  remaining: number;
  /** Size of the window, when told. */
  limit?: number;
  /** Epoch ms when the window resets. */
  resetAt?: number;
}

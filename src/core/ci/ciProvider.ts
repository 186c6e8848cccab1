import { DevopsError } from '../errors';
import { isFinished } from './ciTypes';
import type { CiJob, CiRun, Listed, LogChunk, LogTarget, RateBudget, RunQuery, TriggerRequest, TriggerTarget } from './ciTypes';

// What every CI backend (GitHub Actions, GitLab CI, Jenkins) offers the CI model.
// Actions are optional methods: menus follow the capabilities a provider has,
// never its name (ARCHITECTURE.md).

export interface CiProvider {
  /** Which backend: "github", "gitlab", "jenkins". For logs and settings, not for menus. */
  readonly id: string;
  /** What the provider row says: "owner/repo", "group/project", "folder/job". */
  readonly label: string;
  /** Runs, newest first. Throws DevopsError (HttpError) on failure. */
  listRuns(query: RunQuery, signal: AbortSignal): Promise<Listed<CiRun>>;
  /** Jobs of a run with their steps. */
  listJobs(run: CiRun, signal: AbortSignal): Promise<Listed<CiJob>>;
  /** The whole log (up to the size cap); an expired log comes back empty with a notice. */
  readLog(target: LogTarget, signal: AbortSignal): Promise<LogChunk>;
  /** The log from a byte offset, for logs that grow while the job runs. */
  streamLog?(target: LogTarget, offset: number, signal: AbortSignal): Promise<LogChunk>;
  /** What can be started on `ref`, with declared inputs. */
  triggerTargets?(ref: string, signal: AbortSignal): Promise<TriggerTarget[]>;
  /** Starts a run. */
  trigger?(request: TriggerRequest, signal: AbortSignal): Promise<void>;
  /** Runs a finished run again: only its failed jobs, or all of it. */
  rerun?(run: CiRun, scope: 'failed' | 'all', signal: AbortSignal): Promise<void>;
  /** Stops a run that is not finished. */
  cancel?(run: CiRun, signal: AbortSignal): Promise<void>;
  /** Answers the input a run waits for (a Jenkins `input` step): proceed or abort; resolves with the input's question. */
  answerInput?(run: CiRun, proceed: boolean, signal: AbortSignal): Promise<string>;
  /** Starts a job that waits for a person to start it (a GitLab manual job). */
  playJob?(job: CiJob, signal: AbortSignal): Promise<void>;
  /** Who the credentials belong to, as runs name their actor: decides which runs are "mine". */
  currentUser?(signal: AbortSignal): Promise<string | undefined>;
  /** API budget left, as the last answer told. */
  rateBudget?(): RateBudget | undefined;
  /** Releases connections. */
  dispose?(): void;
}

export type CiCapability = 'streamLog' | 'trigger' | 'rerun' | 'cancel' | 'play' | 'input';

/** The actions a provider offers. */
export function ciCapabilities(provider: CiProvider): ReadonlySet<CiCapability> {
  const found = new Set<CiCapability>();
  if (typeof provider.streamLog === 'function') found.add('streamLog');
  if (typeof provider.trigger === 'function' && typeof provider.triggerTargets === 'function') found.add('trigger');
  if (typeof provider.rerun === 'function') found.add('rerun');
  if (typeof provider.cancel === 'function') found.add('cancel');
  if (typeof provider.playJob === 'function') found.add('play');
  if (typeof provider.answerInput === 'function') found.add('input');
  return found;
}

/** What can be done with a run row; menus match the words (`viewItem =~ /\bcancelable\b/`). */
export type CiRunWord = 'cancelable' | 'rerunnable' | 'rerunnable-failed' | 'openable' | 'head' | 'answerable';

/** What can be done with a job row. */
export type CiJobWord = 'log' | 'streaming' | 'openable' | 'playable';

/** The words of a run row: cancel only while it runs, rerun only once it finished. */
export function ciRunCapabilities(capabilities: ReadonlySet<CiCapability>, run: CiRun, isHeadCommit: boolean): CiRunWord[] {
  const words: CiRunWord[] = [];
  const finished = isFinished(run.status);
  if (capabilities.has('cancel') && !finished) words.push('cancelable');
  if (capabilities.has('rerun') && finished) words.push('rerunnable');
  if (capabilities.has('rerun') && run.status === 'failed') words.push('rerunnable-failed');
  if (run.url !== undefined) words.push('openable');
  if (isHeadCommit) words.push('head');
  if (capabilities.has('input') && run.status === 'waiting') words.push('answerable');
  return words;
}

/** The words of a job row: every job has a log; it streams while the job runs. */
export function ciJobCapabilities(capabilities: ReadonlySet<CiCapability>, job: CiJob): CiJobWord[] {
  const words: CiJobWord[] = ['log'];
  if (capabilities.has('streamLog') && !isFinished(job.status)) words.push('streaming');
  if (job.url !== undefined) words.push('openable');
  if (capabilities.has('play') && job.status === 'waiting') words.push('playable');
  return words;
}

/** Checks values against the declared inputs before anything is sent. */
export function checkTriggerInputs(target: TriggerTarget, inputs: Record<string, string>): void {
  for (const input of target.inputs) {
    const value = inputs[input.name] ?? input.default;
    if (input.required && (value === undefined || value === '')) {
      throw new DevopsError('invalid-data', `"${target.label}" needs the input "${input.name}".`);
    }
    if (value !== undefined && input.type === 'choice' && input.options && !input.options.includes(value)) {
      throw new DevopsError('invalid-data', `"${input.name}" must be one of ${input.options.join(', ')}.`);
    }
    if (value !== undefined && input.type === 'boolean' && value !== 'true' && value !== 'false') {
      throw new DevopsError('invalid-data', `"${input.name}" must be true or false.`);
    }
  }
  if (!target.freeVariables) {
    const unknown = Object.keys(inputs).find((name) => !target.inputs.some((input) => input.name === name));
    if (unknown !== undefined) throw new DevopsError('invalid-data', `"${target.label}" declares no input "${unknown}".`);
  }
}

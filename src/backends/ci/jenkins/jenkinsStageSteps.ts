import type { CiJob, CiRun, CiStep } from '../../../core/ci/ciTypes';
import { isFinished } from '../../../core/ci/ciTypes';
import { DevopsError } from '../../../core/errors';
import type { HttpClient } from '../../http/httpClient';
import { toCiSteps } from './jenkinsMapping';
import { wfStageNodeSchema } from './jenkinsSchemas';

// The steps of each stage of a pipeline run, from `…/execution/node/<stage>/wfapi/describe`.
// One request per stage is the price, so a finished stage's steps are kept (they cannot
// change), stages that never ran are not asked, and only runs someone expanded get here.

const remembered = 500;

export class StageSteps {
  private readonly finished = new Map<string, CiStep[]>();

  constructor(
    private readonly client: HttpClient,
    private readonly jobPath: string,
  ) {}

  /** The jobs (stages) of `run` with their steps filled in. */
  async fill(run: CiRun, stageIds: readonly string[], jobs: CiJob[], signal: AbortSignal): Promise<CiJob[]> {
    return Promise.all(jobs.map(async (job, index) => ({ ...job, steps: await this.stepsOf(run, stageIds[index], job, signal) })));
  }

  private async stepsOf(run: CiRun, stageId: string | undefined, stage: CiJob, signal: AbortSignal): Promise<CiStep[]> {
    if (stageId === undefined || stage.status === 'skipped' || stage.status === 'queued') return [];
    const key = `${run.id}/${stageId}`;
    const known = this.finished.get(key);
    if (known) return known;
    const path = `${this.jobPath}/${encodeURIComponent(run.id)}/execution/node/${encodeURIComponent(stageId)}/wfapi/describe`;
    let steps: CiStep[];
    try {
      steps = toCiSteps((await this.client.json({ path, signal }, wfStageNodeSchema)).body);
    } catch (error) {
      // The stage is listed but its node is gone (a deleted or rotated build): no steps to show.
      if (DevopsError.is(error, 'not-found')) return [];
      throw error;
    }
    if (isFinished(stage.status) && steps.every((step) => isFinished(step.status))) this.remember(key, steps);
    return steps;
  }

  private remember(key: string, steps: CiStep[]): void {
    this.finished.set(key, steps);
    if (this.finished.size > remembered) this.finished.delete(this.finished.keys().next().value as string);
  }
}

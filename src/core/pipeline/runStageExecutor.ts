import type { ProcessRunner } from '../ports';
import { commandSpecOf, runLoggedCommand } from './commandStage';
import type { StageContext, StageExecutor, StageOutcome } from './stageExecutor';

/** Executes `kind: run` stages: the stage's shell command through the process runner. */
export class RunStageExecutor implements StageExecutor {
  constructor(private readonly runner: ProcessRunner) {}

  execute(context: StageContext): Promise<StageOutcome> {
    return runLoggedCommand(this.runner, commandSpecOf(context), context.log, context.onOutput, context.signal);
  }
}

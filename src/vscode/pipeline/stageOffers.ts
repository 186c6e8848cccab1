import * as vscode from 'vscode';
import type { DevopsConfig, StageEvent } from '../../core/config/schema';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import { CommandId } from '../commands/commandTable';
import type { UserPrompts } from '../prompts/userPrompts';

/** The stages of devops.yaml that declare `on: [event]`, in file order. */
export function stagesOn(config: DevopsConfig | undefined, event: StageEvent): string[] {
  return Object.entries(config?.pipeline?.stages ?? {}).filter(([, stage]) => stage.on.includes(event)).map(([name]) => name);
}

/** Where the offer reads devops.yaml (the last good one while it has errors). */
export interface StageOfferConfig {
  readonly config: DevopsConfig | undefined;
}

/**
 * Offers, after something happened in the editor (a merge), the stages devops.yaml says run
 * on it. It only asks: accepting runs them through Run Pipeline's command, so the run gets
 * the same trust check, approvals and history as any other, and a refusal is shown once.
 */
export class StageOffers {
  constructor(
    private readonly session: StageOfferConfig,
    private readonly prompts: UserPrompts,
  ) {}

  /** Resolves with the finished run when the user accepted, undefined when nothing runs on `event` or it was dismissed. */
  async offer(event: StageEvent, happened: string): Promise<PipelineRun | undefined> {
    const stages = stagesOn(this.session.config, event);
    if (stages.length === 0) return undefined;
    const names = stages.map((s) => `"${s}"`).join(', ');
    const button = stages.length === 1 ? `Run ${stages[0]}` : 'Run Stages';
    const text = `${happened}. devops.yaml runs ${stages.length === 1 ? 'stage' : 'stages'} ${names} on ${event}: run ${stages.length === 1 ? 'it' : 'them'} now?`;
    const choice = await this.prompts.notify({ topic: `pipeline.offer.${event}`, level: 'info', text, buttons: [button], subject: { event, stages } });
    if (choice !== button) return undefined;
    return vscode.commands.executeCommand<PipelineRun | undefined>(CommandId.pipelineRun, { stages });
  }
}

import type { ReleasePreview } from '../../backends/pipeline/local/gitRelease';
import { describePreview } from '../../backends/pipeline/local/releaseStageExecutor';
import type { DeployChange } from '../../core/pipeline/pipelineController';
import type { UserPrompts } from '../prompts/userPrompts';

/** One question the pipeline asks the user: the subject of its `pipeline.<kind>` prompt. */
export type PipelineQuestion =
  | { kind: 'confirmDeploy'; environment: string; version: string; commit?: string; change?: DeployChange }
  | { kind: 'confirmRelease'; version: string; tag: string };

/**
 * The modals of the pipeline: protected deploys and the release preview (command approval
 * is asked by the one ApprovalQuestions of every feature).
 */
export class PipelineQuestions {
  constructor(private readonly prompts: UserPrompts) {}

  confirmDeploy(environment: string, version: string, commit: string | undefined, change?: DeployChange): Promise<boolean> {
    const prompt: PipelineQuestion = { kind: 'confirmDeploy', environment, version, ...(commit ? { commit } : {}), ...(change ? { change } : {}) };
    if (change) return this.ask(prompt, `${change.text}?`, `"${environment}" is a protected environment.\n\nVersion after it: ${version} (as the engine records it)`, change.action === 'rollback' ? `Roll back ${environment}` : `Promote to ${environment}`);
    const detail = `"${environment}" is a protected environment.\n\nVersion: ${version}\nCommit: ${commit ?? 'none (not a git repository)'}`;
    return this.ask(prompt, `Deploy ${version} to ${environment}?`, detail, `Deploy to ${environment}`);
  }

  confirmRelease(preview: ReleasePreview): Promise<boolean> {
    return this.ask({ kind: 'confirmRelease', version: preview.version, tag: preview.tag }, `Release ${preview.tag}?`, describePreview(preview), `Release ${preview.tag}`);
  }

  private async ask(prompt: PipelineQuestion, message: string, detail: string, yes: string): Promise<boolean> {
    return (await this.prompts.modal({ topic: `pipeline.${prompt.kind}`, text: message, detail, buttons: [yes], subject: prompt })) === yes;
  }
}

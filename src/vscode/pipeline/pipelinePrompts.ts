import * as vscode from 'vscode';
import type { ReleasePreview } from '../../backends/pipeline/local/gitRelease';
import { describePreview } from '../../backends/pipeline/local/releaseStageExecutor';

/** One question the pipeline asked the user, as the test API records it. */
export type PipelinePrompt =
  | { kind: 'confirmDeploy'; environment: string; version: string; commit?: string }
  | { kind: 'confirmRelease'; version: string; tag: string };

/** Answers prompts instead of the modal; only the integration tests set one (they cannot click modals). */
export type PromptAnswerer = (prompt: PipelinePrompt) => boolean;

/**
 * The modals of the pipeline: protected deploys and the release preview (command approval
 * is asked by the one ApprovalPrompts of every feature).
 * Every prompt is recorded, so tests can see that the modal path was taken and with what.
 */
export class PipelinePrompts {
  private readonly asked: PipelinePrompt[] = [];
  private answerer: PromptAnswerer | undefined;

  /** Prompts asked since activation, oldest first. */
  get log(): readonly PipelinePrompt[] {
    return this.asked;
  }

  /** Test hook: answer prompts with this function instead of showing modals (undefined restores the modals). */
  answerWith(answerer: PromptAnswerer | undefined): void {
    this.answerer = answerer;
  }

  confirmDeploy(environment: string, version: string, commit: string | undefined): Promise<boolean> {
    const prompt: PipelinePrompt = { kind: 'confirmDeploy', environment, version, ...(commit ? { commit } : {}) };
    const detail = `"${environment}" is a protected environment.\n\nVersion: ${version}\nCommit: ${commit ?? 'none (not a git repository)'}`;
    return this.ask(prompt, `Deploy ${version} to ${environment}?`, detail, `Deploy to ${environment}`);
  }

  confirmRelease(preview: ReleasePreview): Promise<boolean> {
    return this.ask({ kind: 'confirmRelease', version: preview.version, tag: preview.tag }, `Release ${preview.tag}?`, describePreview(preview), `Release ${preview.tag}`);
  }

  private async ask(prompt: PipelinePrompt, message: string, detail: string, yes: string): Promise<boolean> {
    this.asked.push(prompt);
    if (this.answerer) return this.answerer(prompt);
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, yes);
    return choice === yes;
  }
}

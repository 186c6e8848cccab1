import type { ProcessRunner } from '../../../core/ports';
import { DevopsError, isCancellation } from '../../../core/errors';
import { commandSpecOf, runLoggedCommand } from '../../../core/pipeline/commandStage';
import type { StageContext, StageExecutor, StageOutcome } from '../../../core/pipeline/stageExecutor';
import { GitCli } from '../../git/gitCli';
import { applyRelease, previewRelease, type ReleasePreview } from './gitRelease';

/** Asked with the preview before anything is written; false stops the release. */
export type ConfirmRelease = (preview: ReleasePreview, signal: AbortSignal) => Promise<boolean>;

/** Renders a preview as the log and the CLI show it. */
export function describePreview(preview: ReleasePreview): string {
  return [
    `Release ${preview.currentVersion} → ${preview.version} (${preview.bump}, ${preview.commits.length} commits since ${preview.previousTag ?? 'the start'})`,
    `Tag: ${preview.tag}${preview.push ? ' (pushed to origin)' : ''}`,
    `Files: ${preview.files.join(', ')}`,
    '',
    preview.changelog,
  ].join('\n');
}

/**
 * `kind: release`: the built-in release (git, through the same runner as every command)
 * or, when the stage has `run:`, the team's own release command.
 */
export class ReleaseStageExecutor implements StageExecutor {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly confirm?: ConfirmRelease,
  ) {}

  async execute(context: StageContext): Promise<StageOutcome> {
    if (context.config.run) return runLoggedCommand(this.runner, commandSpecOf(context), context.log, context.onOutput, context.signal);
    const say = (text: string): void => {
      const chunk = Buffer.from(`${text}\n`);
      context.log.write(chunk);
      context.onOutput(chunk);
    };
    const options = { workspace: context.workspace, git: new GitCli(this.runner, context.workspace), bump: context.config.bump, versionFile: context.config.versionFile, push: context.config.push, signal: context.signal };
    try {
      const preview = await previewRelease(options);
      say(describePreview(preview));
      if (this.confirm && !(await this.confirm(preview, context.signal))) return { ok: false, cancelled: true, reason: 'release not confirmed' };
      const { commit } = await applyRelease(options, preview);
      say(`Committed ${commit.slice(0, 7)}, tagged ${preview.tag}${preview.push ? ', pushed' : ''}.`);
      return { ok: true, reason: `released ${preview.tag}` };
    } catch (error) {
      if (isCancellation(error) || context.signal.aborted) return { ok: false, cancelled: true, reason: 'cancelled' };
      const reason = DevopsError.is(error) ? error.message : `git failed: ${(error as Error).message.split('\n')[0]}`;
      say(reason);
      return { ok: false, reason };
    }
  }
}

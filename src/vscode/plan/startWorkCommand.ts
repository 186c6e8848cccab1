import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import { startWork } from '../../core/git/startWork';
import type { DirtyChoice, StartWorkResult } from '../../core/git/startWork';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { PlanSession } from './planSession';

/** Answers the dirty-tree modal instead of a person, for integration tests only. */
export type DirtyAnswerHook = (files: readonly string[]) => DirtyChoice;

const choiceLabels: Record<DirtyChoice, string> = { stash: 'Stash and Switch', carry: 'Carry Changes', cancel: 'Cancel' };

/**
 * "Start work": branch from plan.branchTemplate, the item to in progress, active item.
 * Git runs through the gated runner; asking the trust gate first refuses before the
 * sprint file is touched, with a message that names what was refused.
 */
export class StartWorkCommand {
  /** Set by tests; the real modal is shown when undefined. */
  answerDirty: DirtyAnswerHook | undefined;
  /** What the last run ended in, for tests. */
  lastResult: StartWorkResult | undefined;

  constructor(private readonly session: PlanSession, private readonly trust: WorkspaceTrustGate) {}

  async run(itemId: string): Promise<StartWorkResult | undefined> {
    this.trust.assertTrusted('Start work (it runs git to create or check out a branch)');
    const state = this.session.state;
    if (!state) throw new DevopsError('invalid-config', 'devops.yaml has no plan section');
    const item = state.model.item(itemId);
    if (!item) throw new DevopsError('not-found', `item ${itemId} is not in the sprint shown; refresh and try again`);
    const inProgress = state.config.statuses.find((s) => /progress|doing/i.test(s)) ?? state.config.statuses[1] ?? state.config.statuses[0];
    const setStatus = state.model.capabilities.has('setStatus') ? (_: unknown, status: string, signal: AbortSignal): Promise<void> => state.model.setStatus(item.id, status, signal) : undefined;
    const options = { git: state.git, item, template: state.config.branchTemplate, inProgressStatus: inProgress, setStatus };
    let result = await startWork(options);
    if (result.kind === 'conflict') {
      const choice = await this.askDirty(result.branch, result.files);
      result = await startWork({ ...options, onDirty: choice });
    }
    this.lastResult = result;
    await this.session.readBranch();
    if (result.kind === 'cancelled') return result;
    if (result.kind === 'started') {
      const parts = [`${result.created ? 'Created' : 'Switched to'} ${result.branch}`];
      if (result.stash && !result.stash.restored) parts.push(`your changes are kept in the stash "${result.stash.message}"`);
      if (result.statusError) parts.push(`the item stayed in ${item.status}: ${result.statusError.message}`);
      void vscode.window.showInformationMessage(`DevOps Loop: ${parts.join('; ')}.`);
    }
    return result;
  }

  private async askDirty(branch: string, files: readonly string[]): Promise<DirtyChoice> {
    if (this.answerDirty) return this.answerDirty(files);
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
    const picked = await vscode.window.showWarningMessage(
      `Uncommitted changes would be overwritten by checking out ${branch}.`,
      { modal: true, detail: `Changed: ${shown}\n\nStash and Switch keeps them in the stash. Carry Changes brings them to ${branch} (a conflict leaves them in the stash). Nothing is lost either way.` },
      choiceLabels.stash,
      choiceLabels.carry,
    );
    if (picked === choiceLabels.stash) return 'stash';
    if (picked === choiceLabels.carry) return 'carry';
    return 'cancel';
  }
}

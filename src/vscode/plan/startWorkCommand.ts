import { DevopsError } from '../../core/errors';
import { startWork } from '../../core/git/startWork';
import type { DirtyChoice, StartWorkResult } from '../../core/git/startWork';
import type { UserPrompts } from '../prompts/userPrompts';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { PlanSession } from './planSession';

/** What the dirty-tree modal is about: the subject of its `plan.dirtyTree` prompt. */
export interface DirtyTree {
  /** The branch Start work would check out. */
  branch: string;
  /** The changed files in the way. */
  files: readonly string[];
}

const choiceLabels: Record<DirtyChoice, string> = { stash: 'Stash and Switch', carry: 'Carry Changes', cancel: 'Cancel' };

/**
 * "Start work": branch from plan.branchTemplate, the item to in progress, active item.
 * Git runs through the gated runner; asking the trust gate first refuses before the
 * sprint file is touched, with a message that names what was refused.
 */
export class StartWorkCommand {
  constructor(
    private readonly session: PlanSession,
    private readonly trust: WorkspaceTrustGate,
    private readonly prompts: UserPrompts,
  ) {}

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
    await this.session.readBranch();
    if (result.kind === 'cancelled') return result;
    if (result.kind === 'started') {
      const parts = [`${result.created ? 'Created' : 'Switched to'} ${result.branch}`];
      if (result.stash && !result.stash.restored) parts.push(`your changes are kept in the stash "${result.stash.message}"`);
      if (result.statusError) parts.push(`the item stayed in ${item.status}: ${result.statusError.message}`);
      void this.prompts.notify({ topic: 'plan.startWork', level: 'info', text: `DevOps Loop: ${parts.join('; ')}.` });
    }
    return result;
  }

  private async askDirty(branch: string, files: readonly string[]): Promise<DirtyChoice> {
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
    const picked = await this.prompts.modal({
      topic: 'plan.dirtyTree',
      text: `Uncommitted changes would be overwritten by checking out ${branch}.`,
      detail: `Changed: ${shown}\n\nStash and Switch keeps them in the stash. Carry Changes brings them to ${branch} (a conflict leaves them in the stash). Nothing is lost either way.`,
      buttons: [choiceLabels.stash, choiceLabels.carry],
      subject: { branch, files } satisfies DirtyTree,
    });
    if (picked === choiceLabels.stash) return 'stash';
    if (picked === choiceLabels.carry) return 'carry';
    return 'cancel';
  }
}

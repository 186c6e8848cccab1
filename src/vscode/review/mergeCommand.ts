import { DevopsError, isCancellation } from '../../core/errors';
import { PullRequestRefusal } from '../../core/pullRequests/pullRequestRefusal';
import { mergeBlockers } from '../../core/pullRequests/pullRequestSummary';
import type { MergeMethod, PullRequest } from '../../core/pullRequests/pullRequestTypes';
import type { HeadWatcher } from '../git/headWatcher';
import type { StageOffers } from '../pipeline/stageOffers';
import type { PlanSession } from '../plan/planSession';
import type { UserPrompts } from '../prompts/userPrompts';
import { requireState } from './createPullRequestCommand';
import type { ReviewQuestions } from './reviewQuestions';
import type { ReviewSession } from './reviewSession';

/** What Merge did. */
export interface MergedPullRequest {
  reference: string;
  method: MergeMethod;
  /** The merge commit, when the host says. */
  commit?: string;
  branchDeleted: boolean;
  /** The sprint item of the branch, when there is one. */
  itemId?: string;
  /** True when that item moved to done. */
  itemMoved: boolean;
}

/**
 * "Merge…": reads the request again, asks how (the repository's allowed methods) and
 * whether to delete the branch, and merges exactly the head that was read, so a push
 * racing the merge is refused (409) rather than merged unseen. The host's refusal is
 * shown with its reason and what we know blocks it; after a merge the item moves to done
 * and the stages devops.yaml runs on merge are offered.
 */
export class MergeCommand {
  constructor(
    private readonly session: ReviewSession,
    private readonly plan: PlanSession,
    private readonly head: HeadWatcher,
    private readonly questions: ReviewQuestions,
    private readonly prompts: UserPrompts,
    private readonly offers: StageOffers,
  ) {}

  async run(): Promise<MergedPullRequest | undefined> {
    const state = requireState(this.session.state);
    const { provider } = state.model;
    const noun = provider.noun;
    const branch = (await this.head.read()).branch;
    if (branch === undefined) throw new DevopsError('invalid-config', `HEAD is not on a branch: check out the branch of the ${noun} first`);
    const signal = new AbortController().signal;
    // The view may show an old read: merge what the host says now.
    await state.model.refresh(signal);
    const { pullRequest: pr, error } = state.model.state;
    if (error) throw error;
    if (!pr) throw new DevopsError('not-found', `${branch} has no ${noun} to merge: create one first`);
    if (pr.state === 'merged') throw new PullRequestRefusal('closed', `${pr.reference} was merged already`);
    if (pr.state === 'closed') throw new PullRequestRefusal('closed', `${pr.reference} was closed meanwhile: reopen it on ${provider.id === 'github' ? 'GitHub' : 'GitLab'} to merge it`);
    const settings = await provider.settings(signal);
    const blockers = mergeBlockers(pr);
    const method = await this.questions.method(settings.mergeMethods, blockers);
    if (method === undefined) return undefined;
    const answer = await this.questions.confirmMerge(pr.reference, pr.headBranch, pr.baseBranch, method);
    if (answer === undefined) return undefined;
    const deleteBranch = answer === 'merge-and-delete';
    const outcome = await provider.merge(pr, { method, expectedHeadSha: pr.headSha, deleteBranch }, signal).catch((refused: unknown) => {
      throw this.explain(refused, pr, blockers);
    });
    const notes: string[] = [];
    let branchDeleted = outcome.branchDeleted;
    if (deleteBranch && !branchDeleted) {
      try {
        await provider.deleteBranch(pr.headBranch, signal);
        branchDeleted = true;
      } catch (failure) {
        if (isCancellation(failure)) throw failure;
        notes.push(`${pr.headBranch} was not deleted: ${failure instanceof Error ? failure.message : String(failure)}`);
      }
    }
    const item = await this.moveItemToDone();
    if (item.note) notes.push(item.note);
    state.model.refreshNow();
    const deleted = branchDeleted ? ` and deleted ${pr.headBranch} on the host` : '';
    void this.prompts.notify({ topic: 'review.merged', level: 'info', text: `DevOps Loop: merged ${pr.reference} into ${pr.baseBranch}${deleted}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.` });
    // Not awaited: Merge is done; the stage runs (or not) on the user's answer, as its own run.
    void this.offers.offer('merge', `${pr.reference} merged into ${pr.baseBranch}`);
    return { reference: pr.reference, method, commit: outcome.commit, branchDeleted, itemId: item.itemId, itemMoved: item.moved };
  }

  private explain(refused: unknown, pr: PullRequest, blockers: readonly string[]): unknown {
    if (PullRequestRefusal.isRefusal(refused, 'head-changed')) {
      this.session.state?.model.refreshNow();
      return new PullRequestRefusal('head-changed', `${pr.reference} was not merged: ${pr.headBranch} moved since it was read (new commits were pushed). Look at them, then merge again. (${refused.message})`, { cause: refused });
    }
    if (PullRequestRefusal.isRefusal(refused, 'not-mergeable') && blockers.length > 0) {
      return new PullRequestRefusal('not-mergeable', `${refused.message} (${blockers.join('; ')})`, { cause: refused });
    }
    return refused;
  }

  private async moveItemToDone(): Promise<{ itemId?: string; moved: boolean; note?: string }> {
    const plan = this.plan.state;
    const id = plan?.model.activeItemId;
    const item = id === undefined ? undefined : plan?.model.item(id);
    const done = plan?.config.statuses.find((s) => /^(done|closed|resolved|complete|completed|finished)$/i.test(s));
    if (!plan || !item || done === undefined || item.status === done || !plan.model.capabilities.has('setStatus')) return { itemId: item?.id, moved: false };
    try {
      await plan.model.setStatus(item.id, done, new AbortController().signal);
      return { itemId: item.id, moved: true, note: `${item.id} moved to ${done}` };
    } catch (error) {
      if (isCancellation(error)) throw error;
      return { itemId: item.id, moved: false, note: `${item.id} stayed in ${item.status}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

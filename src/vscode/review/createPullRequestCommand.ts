import { DevopsError } from '../../core/errors';
import { pullRequestText } from '../../core/pullRequests/pullRequestText';
import type { PullRequest } from '../../core/pullRequests/pullRequestTypes';
import type { PlanItem } from '../../core/plan/planProvider';
import type { Git } from '../../core/ports';
import type { HeadWatcher } from '../git/headWatcher';
import type { PlanSession } from '../plan/planSession';
import type { UserPrompts } from '../prompts/userPrompts';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { ReviewQuestions } from './reviewQuestions';
import type { ReviewSession, ReviewState } from './reviewSession';

/** What Create pull request did. */
export interface CreatedPullRequest {
  pullRequest: PullRequest;
  /** The sprint item it was made for, when the branch is an item's. */
  itemId?: string;
  /** True when that item moved to the plan's review status. */
  itemMoved: boolean;
}

/**
 * "Create pull request…": pushes the branch through the gated runner, prefills title and
 * body from the active sprint item (its closing keyword or key), opens the request against the
 * repository's default branch (draft if asked), then moves the item to the review status.
 * From a fork (origin is another repository) the request names the fork: GitHub as
 * `owner:branch`, GitLab by opening it in the fork's project aimed at this one.
 */
export class CreatePullRequestCommand {
  constructor(
    private readonly session: ReviewSession,
    private readonly plan: PlanSession,
    private readonly head: HeadWatcher,
    private readonly git: Git,
    private readonly trust: WorkspaceTrustGate,
    private readonly questions: ReviewQuestions,
    private readonly prompts: UserPrompts,
  ) {}

  async run(): Promise<CreatedPullRequest | undefined> {
    this.trust.assertTrusted('Create pull request (it runs git to push the branch)');
    const state = requireState(this.session.state);
    const noun = state.model.provider.noun;
    const branch = (await this.head.read()).branch;
    if (branch === undefined) throw new DevopsError('invalid-config', `HEAD is not on a branch: check out the branch of the ${noun} (Start work) first`);
    const target = await this.session.readPushTarget();
    if (target?.kind === 'no-remote') throw new DevopsError('not-found', `There is no git remote "origin" to push ${branch} to: add one (git remote add origin URL), then try again`);
    const signal = new AbortController().signal;
    const [settings, existing] = await Promise.all([state.model.provider.settings(signal), state.model.provider.findForBranch(branch, state.model.headOwner, signal)]);
    const open = existing.pullRequest && (existing.pullRequest.state === 'open' || existing.pullRequest.state === 'draft') ? existing.pullRequest : undefined;
    if (open) {
      state.model.accept(open);
      throw new DevopsError('conflict', `${branch} has the ${noun} ${open.reference} already: ${open.url}`);
    }
    if (branch === settings.defaultBranch) throw new DevopsError('invalid-config', `${branch} is the default branch: start work on an item to get a branch for the ${noun}`);
    const item = this.activeItem();
    const prefilled = item ? pullRequestText(item, this.plan.state?.config.provider ?? 'file', this.sameHost(state)) : { title: branch, body: '' };
    const title = await this.questions.title(noun, prefilled.title);
    if (title === undefined) return undefined;
    const body = await this.questions.body(noun, prefilled.body);
    if (body === undefined) return undefined;
    const draft = await this.questions.draft(noun);
    if (draft === undefined) return undefined;
    await this.git.pushBranch(branch);
    const fork = target?.kind === 'fork' ? target : undefined;
    const pullRequest = await state.model.provider.create({ headBranch: branch, headOwner: fork?.owner, headRepository: fork?.path, baseBranch: settings.defaultBranch, title: title.trim(), body, draft }, signal);
    state.model.accept(pullRequest);
    state.model.refreshNow();
    const moved = item ? await this.moveItem(item) : { itemMoved: false };
    void this.prompts.notify({ topic: 'review.created', level: 'info', text: `DevOps Loop: opened ${noun} ${pullRequest.reference} (${branch} → ${settings.defaultBranch})${moved.note ?? ''}.` });
    return { pullRequest, itemId: item?.id, itemMoved: moved.itemMoved };
  }

  private activeItem(): PlanItem | undefined {
    const model = this.plan.state?.model;
    const id = model?.activeItemId;
    return id === undefined ? undefined : model?.item(id);
  }

  /** The plan's issues live in the repository the request is opened in: a closing keyword works there. */
  private sameHost(state: ReviewState): boolean {
    const plan = this.plan.state?.config;
    return plan !== undefined && plan.provider === state.host.provider && plan.repository?.toLowerCase() === state.repository.toLowerCase() && (plan.baseUrl ?? '') === (state.host.baseUrl ?? '');
  }

  private async moveItem(item: PlanItem): Promise<{ itemMoved: boolean; note?: string }> {
    const plan = this.plan.state;
    const review = plan?.config.statuses.find((s) => /review/i.test(s));
    if (!plan || review === undefined || item.status === review || !plan.model.capabilities.has('setStatus')) return { itemMoved: false };
    try {
      await plan.model.setStatus(item.id, review, new AbortController().signal);
      return { itemMoved: true, note: `; ${item.id} moved to ${review}` };
    } catch (error) {
      return { itemMoved: false, note: `; ${item.id} stayed in ${item.status}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

/** The session's state, or the reason there is none. */
export function requireState(state: ReviewState | undefined): ReviewState {
  if (!state) throw new DevopsError('invalid-config', 'devops.yaml names no GitHub or GitLab repository: add a github or gitlab entry under pipeline.ci (or a github or gitlab plan)');
  if (!state.signedIn) {
    const how = state.host.provider === 'github' ? 'sign in with "DevOps: Sign in to GitHub"' : 'set a token with "DevOps: Set GitLab Token"';
    throw new DevopsError('unauthorized', `Not signed in to ${state.host.provider === 'github' ? 'GitHub' : 'GitLab'} for ${state.repository}: ${how}`);
  }
  return state;
}

import * as vscode from 'vscode';
import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import type { PipelinePart } from '../pipeline/pipelinePart';
import type { PlanPart } from '../plan/planPart';
import { planRefreshTopic } from '../plan/planSession';
import { CreatePullRequestCommand } from './createPullRequestCommand';
import { MergeCommand } from './mergeCommand';
import { ReviewQuestions } from './reviewQuestions';
import { pullRequestNote, reviewRows } from './reviewRows';
import { ReviewSession } from './reviewSession';

/**
 * Review: the checked-out branch's pull request (GitHub) or merge request (GitLab) in a
 * section of the Plan view and on the active item's row, with Create and Merge. It polls on
 * the Plan view's topic, so only while that view is visible. After a merge the Pipeline
 * offers the stages devops.yaml runs on merge.
 */
export class ReviewPart extends DisposableOwner {
  readonly session: ReviewSession;
  readonly create: CreatePullRequestCommand;
  readonly merge: MergeCommand;

  constructor(foundation: Foundation, plan: PlanPart, pipeline: PipelinePart) {
    super();
    const { configStore, scheduler, trust, prompts, head, git } = foundation;
    const access = { credentials: foundation.credentials, network: foundation.network, choices: foundation.choices, trust };
    const session = (this.session = this.register(new ReviewSession(configStore, scheduler, access, head, git, planRefreshTopic)));
    this.register(plan.tree.addSection({
      rows: () => reviewRows(session.state),
      activeItemNote: () => {
        const pr = session.state?.model.state.pullRequest;
        return pr && plan.session.state?.model.activeItemId !== undefined ? pullRequestNote(pr) : undefined;
      },
      onDidChange: session.onDidChange,
    }));
    const questions = new ReviewQuestions(prompts);
    this.create = new CreatePullRequestCommand(session, plan.session, head, git, trust, questions, prompts);
    this.merge = new MergeCommand(session, plan.session, head, questions, prompts, pipeline.offers);
    this.register(vscode.Disposable.from(
      foundation.commands.register(CommandId.reviewCreatePullRequest, () => this.create.run()),
      foundation.commands.register(CommandId.reviewMerge, () => this.merge.run()),
    ));
    this.register(foundation.addRefresher(() => session.refresh()));
  }
}

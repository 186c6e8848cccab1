// The pull request (GitHub) or merge request (GitLab) of a branch, in our own words:
// one shape whatever the code host calls its fields, so the Plan view, the merge command
// and the status bar read the same model.
import type { CiStatus } from '../ci/ciTypes';

/** Where a request stands: a draft and an open one can still change; merged and closed are final. */
export type PullRequestState = 'draft' | 'open' | 'merged' | 'closed';

/**
 * Whether the host would merge it now. clean: yes; unstable: yes, with failing checks that
 * are not required; blocked: required checks or reviews are missing; behind: the base moved
 * on and the host asks for an update first; conflicts: it does not merge cleanly; unknown:
 * the host is still computing it (GitHub answers null at first).
 */
export type Mergeability = 'clean' | 'unstable' | 'blocked' | 'behind' | 'conflicts' | 'unknown';

/** What the reviews add up to. */
export type ReviewDecision = 'approved' | 'changes-requested' | 'review-required' | 'none';

/** How a request is merged; each host allows a subset, per repository. */
export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** One check of the head commit: a GitHub check run, a GitLab pipeline job. */
export interface PullRequestCheck {
  /** What the host calls it (the check's context for required checks). */
  name: string;
  status: CiStatus;
  /** True when branch protection (GitHub) or the pipeline (GitLab: not allowed to fail) requires it. */
  required: boolean;
  /** Web page of the check. */
  url?: string;
  /** The CI run it belongs to, as the CI Runs view names runs (GitHub Actions run id, GitLab pipeline id). */
  runId?: string;
  /** The CI job, as the CI Runs view names jobs. */
  jobId?: string;
  /** True for a required check nothing has reported yet (GitHub's "Expected"): it may never come, so it is not polled for. */
  expected?: boolean;
}

/** A pull or merge request, as the host said last. */
export interface PullRequest {
  /** The number people use: GitHub's number, GitLab's iid. */
  number: number;
  /** "#12" on GitHub, "!12" on GitLab. */
  reference: string;
  title: string;
  /** Web page. */
  url: string;
  state: PullRequestState;
  /** Branch it merges from (without the fork owner). */
  headBranch: string;
  /** Commit the host knows as the head; a merge names it, so a later push is never merged unseen. */
  headSha: string;
  /** Branch it merges into. */
  baseBranch: string;
  author?: string;
  mergeability: Mergeability;
  /** The host's own word for mergeability (mergeable_state, detailed_merge_status), for tooltips. */
  mergeabilityDetail?: string;
  /** Checks of the head commit, required ones first. */
  checks: PullRequestCheck[];
  reviewDecision: ReviewDecision;
  /** Who was asked to review and has not answered yet. */
  requestedReviewers: string[];
  /** Who approved. */
  approvedBy: string[];
  /** Discussions that still need resolving; undefined when the host does not tell. */
  unresolvedThreads?: number;
}

/** What Create pull request sends. */
export interface NewPullRequest {
  /** The branch to merge (already pushed). */
  headBranch: string;
  /** The owner of the fork the branch lives in, when it is not the repository itself. */
  headOwner?: string;
  /** The fork's full path (GitLab: group/…/project), when the branch lives in a fork. */
  headRepository?: string;
  baseBranch: string;
  title: string;
  body: string;
  draft: boolean;
}

/** What Merge sends. */
export interface MergeRequest {
  method: MergeMethod;
  /** The head the user saw; the host refuses (409) when the branch moved since. */
  expectedHeadSha: string;
  /** Removes the source branch on the host after the merge (GitLab does it in the same call). */
  deleteBranch?: boolean;
}

/** What a merge did. */
export interface MergeOutcome {
  /** The merge (or squash) commit, when the host says. */
  commit?: string;
  /** True when the host deleted the source branch as part of the merge. */
  branchDeleted: boolean;
}

/** What the repository allows, from the host's settings. */
export interface RepositorySettings {
  defaultBranch: string;
  /** Merge methods allowed, in the host's preferred order. */
  mergeMethods: MergeMethod[];
}

/** One read of a branch's request. */
export interface PullRequestRead {
  /** The newest request of the branch (an open one before closed ones); undefined when there is none. */
  pullRequest: PullRequest | undefined;
  /** True when the host said nothing changed since the last read (304s). */
  unchanged: boolean;
}

/** A code host's pull or merge requests (GitHub, GitLab), for one repository. */
export interface PullRequestProvider {
  /** "github" or "gitlab". */
  readonly id: string;
  /** "owner/repo", "group/project". */
  readonly label: string;
  /** "pull request" or "merge request", for messages. */
  readonly noun: string;
  /** The request of a branch; `headOwner` names a fork's owner. Cheap when nothing changed (conditional requests). */
  findForBranch(branch: string, headOwner: string | undefined, signal: AbortSignal): Promise<PullRequestRead>;
  /** Default branch and allowed merge methods. */
  settings(signal: AbortSignal): Promise<RepositorySettings>;
  /** Opens a request; DevopsError('conflict') when one exists already, PullRequestRefusal for the host's validation. */
  create(request: NewPullRequest, signal: AbortSignal): Promise<PullRequest>;
  /** Merges; PullRequestRefusal with the host's reason when it will not. */
  merge(pullRequest: PullRequest, request: MergeRequest, signal: AbortSignal): Promise<MergeOutcome>;
  /** Deletes a branch on the host. */
  deleteBranch(branch: string, signal: AbortSignal): Promise<void>;
  /** Releases connections. */
  dispose?(): void;
}

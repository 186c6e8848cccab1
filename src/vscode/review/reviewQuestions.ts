import type { MergeMethod } from '../../core/pullRequests/pullRequestTypes';
import type { UserPrompts } from '../prompts/userPrompts';

// The Review's questions over UserPrompts: the request's title and body, draft or ready,
// the merge method, and the merge modal (with or without deleting the branch).

/** What the merge modal answers. */
export type MergeAnswer = 'merge' | 'merge-and-delete' | undefined;

const methodLabels: Record<MergeMethod, { label: string; detail: string }> = {
  merge: { label: 'Create a merge commit', detail: 'All commits of the branch are kept, joined by a merge commit.' },
  squash: { label: 'Squash and merge', detail: 'The branch becomes one commit on the base branch.' },
  rebase: { label: 'Rebase and merge', detail: 'The commits of the branch are replayed onto the base branch.' },
};

export class ReviewQuestions {
  constructor(private readonly prompts: UserPrompts) {}

  title(noun: string, value: string): Promise<string | undefined> {
    return this.prompts.input({ topic: 'review.title', title: `Title of the ${noun}`, value, validate: (v) => (v.trim() === '' ? 'A title is needed' : undefined) });
  }

  body(noun: string, value: string): Promise<string | undefined> {
    return this.prompts.input({ topic: 'review.body', title: `Description of the ${noun} (one line here; edit it on the host for more)`, value });
  }

  /** True for a draft, false for ready for review, undefined for Escape. */
  draft(noun: string): Promise<boolean | undefined> {
    return this.prompts.pick({
      topic: 'review.draft',
      title: `Open the ${noun} as…`,
      items: [
        { label: 'Ready for review', description: 'reviewers can start', value: false },
        { label: 'Draft', description: 'not ready to merge yet', value: true },
      ],
    });
  }

  method(methods: readonly MergeMethod[], blockers: readonly string[]): Promise<MergeMethod | undefined> {
    const warning = blockers.length > 0 ? `The host may refuse: ${blockers.join('; ')}` : undefined;
    return this.prompts.pick({
      topic: 'review.mergeMethod',
      title: 'Merge how?',
      placeHolder: warning,
      items: methods.map((method) => ({ ...methodLabels[method], value: method })),
    });
  }

  async confirmMerge(reference: string, head: string, base: string, method: MergeMethod): Promise<MergeAnswer> {
    const merge = 'Merge';
    const mergeAndDelete = `Merge and Delete ${head}`;
    const picked = await this.prompts.modal({
      topic: 'review.confirmMerge',
      text: `Merge ${reference} into ${base}?`,
      detail: `${methodLabels[method].label}. ${mergeAndDelete} also removes the branch on the host; your local branch stays.`,
      buttons: [merge, mergeAndDelete],
      subject: { reference, method },
    });
    return picked === merge ? 'merge' : picked === mergeAndDelete ? 'merge-and-delete' : undefined;
  }
}

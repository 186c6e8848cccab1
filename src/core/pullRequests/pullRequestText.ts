import type { PlanItem } from '../plan/planProvider';

// The title and body Create pull request starts from, so the request closes the item:
// a GitHub or GitLab issue through the host's closing keyword, a Jira or sprint-file
// item by its key in the title (Jira's development panel links requests by the key).

/** Which plan the item comes from: its closing syntax depends on it. */
export type ItemSource = 'file' | 'github' | 'gitlab' | 'jira';

export interface PullRequestDraftText {
  title: string;
  body: string;
}

/** Title and body for the request of `item`; `sameHost`: the plan's issues live in the repository the request is opened in. */
export function pullRequestText(item: PlanItem, source: ItemSource, sameHost: boolean): PullRequestDraftText {
  const summary = oneLine(item.title);
  const issueNumber = /^#(\d+)$/.exec(item.id)?.[1];
  if ((source === 'github' || source === 'gitlab') && issueNumber !== undefined) {
    // A closing keyword works only for an issue of the same repository; elsewhere it is a plain mention.
    const line = sameHost ? `Closes #${issueNumber}` : `Part of ${item.url ?? `#${issueNumber}`}`;
    return { title: summary, body: [line, details(item)].filter((p) => p !== '').join('\n\n') };
  }
  const title = summary.toLowerCase().includes(item.id.toLowerCase()) ? summary : `${item.id}: ${summary}`;
  const reference = item.url ? `${item.id}: ${item.url}` : item.id;
  return { title, body: [reference, details(item)].filter((p) => p !== '').join('\n\n') };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 250);
}

function details(item: PlanItem): string {
  return (item.description ?? '').trim().slice(0, 4000);
}

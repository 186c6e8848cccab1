// Where Create pull request pushes the branch, read from the origin remote against the
// repository devops.yaml names: the repository itself, a fork of it (a GitHub pull then
// names the fork's owner as `owner:branch`), or no remote at all.

/** The origin remote as it relates to the repository requests are opened in. */
export type PushTarget =
  | { kind: 'no-remote' }
  /** origin is the repository, or a URL we can not read (a local path): pushed as it is. */
  | { kind: 'same' }
  /** origin is another repository: `owner` is its first path segment. */
  | { kind: 'fork'; owner: string; path: string };

/** `remotePath`: origin's owner/repo (GitLab: group/…/project) when its URL could be read; `remoteUrl`: the URL itself. */
export function pushTargetOf(remoteUrl: string | undefined, remotePath: string | undefined, repository: string): PushTarget {
  if (remoteUrl === undefined) return { kind: 'no-remote' };
  if (remotePath === undefined || remotePath.toLowerCase() === repository.toLowerCase()) return { kind: 'same' };
  return { kind: 'fork', owner: remotePath.split('/')[0] ?? remotePath, path: remotePath };
}

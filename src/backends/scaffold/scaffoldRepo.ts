// What `devops-loop init` and Create devops.yaml read a repository through: the CLI over
// the disk, the editor over vscode.workspace.fs (remote workspaces included). Paths are
// relative to the repository's root with "/" separators; nothing outside it is read,
// except the git metadata a worktree's or submodule's own `.git` file points at.

/** One entry of a folder. Links are reported as `other` and never followed. */
export interface RepoEntry {
  name: string;
  kind: 'file' | 'folder' | 'other';
}

/** A folder's entries, or why they cannot be listed. */
export type RepoListing = { entries: RepoEntry[] } | { refused: string };

/** A file's text, or that it does not exist, or why it was not read. */
export type RepoRead = { text: string } | { missing: true } | { refused: string };

export interface ScaffoldRepo {
  /** Entries of a folder ('.' is the root). */
  list(relDir: string): Promise<RepoListing>;
  /** Text of a file as UTF-8; a file larger than maxBytes, or not a regular file, is refused unread. */
  read(relPath: string, maxBytes: number): Promise<RepoRead>;
  /** A file under the git directory a `.git` file names (an absolute path); undefined when absent. */
  readGitMetadata(absolutePath: string, maxBytes: number): Promise<string | undefined>;
}

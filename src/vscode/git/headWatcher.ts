import * as vscode from 'vscode';
import type { Git, GitHead } from '../../core/ports';
import { DisposableOwner } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/**
 * The workspace's HEAD (branch and commit), read through the Git port whenever .git's HEAD
 * or a branch moves: one watcher and one way to read the branch for every feature (Plan's
 * active item, CI's current branch). Git runs only in a trusted workspace that is a
 * repository, so a plain folder starts nothing.
 */
export class HeadWatcher extends DisposableOwner {
  private current: GitHead = {};
  private reading: Promise<GitHead> | undefined;
  private readAgain = false;
  private readonly changed = this.register(new vscode.EventEmitter<GitHead>());
  /** Fires when the branch or the commit changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly root: vscode.Uri | undefined,
    private readonly git: Git | undefined,
    private readonly trust: WorkspaceTrustGate,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    if (root) {
      // One watcher per pattern: the editor's glob braces do not take a path, and
      // `.git/{HEAD,refs/heads/**}` never matched a commit's refs/heads/<branch>. Based on the
      // folder, which exists from the start, not on a .git that `git init` may create later.
      const onMove = (): void => void this.readAfterMove();
      for (const pattern of ['.git/HEAD', '.git/refs/heads/**']) {
        const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, pattern)));
        this.register(watcher.onDidChange(onMove));
        this.register(watcher.onDidCreate(onMove));
        this.register(watcher.onDidDelete(onMove));
      }
    }
    this.register(trust.onDidChange(() => void this.read()));
  }

  /** HEAD as last read; empty before the first read, outside a repository and in Restricted Mode. */
  get head(): GitHead {
    return this.current;
  }

  /** Reads HEAD now, or joins the read under way. */
  read(): Promise<GitHead> {
    this.reading ??= this.readLoop().finally(() => (this.reading = undefined));
    return this.reading;
  }

  // HEAD moved while a read was under way: that read may have seen the old one, so one more follows it.
  private readAfterMove(): Promise<GitHead> {
    if (this.reading) this.readAgain = true;
    return this.read();
  }

  private async readLoop(): Promise<GitHead> {
    do {
      this.readAgain = false;
      const next = await this.readOnce();
      if (next.branch !== this.current.branch || next.commit !== this.current.commit) {
        this.current = next;
        this.changed.fire(next);
      }
    } while (this.readAgain);
    return this.current;
  }

  private async readOnce(): Promise<GitHead> {
    if (!this.root || !this.git || !this.trust.isTrusted) return {};
    const isRepo = await vscode.workspace.fs.stat(vscode.Uri.joinPath(this.root, '.git')).then(() => true, () => false);
    if (!isRepo) return {};
    try {
      return await this.git.head();
    } catch (error) {
      this.log.warn('cannot read the checked-out branch:', error instanceof Error ? error.message : String(error));
      return this.current;
    }
  }
}

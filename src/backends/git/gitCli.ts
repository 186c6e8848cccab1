import { DevopsError, isCancellation } from '../../core/errors';
import type { Git, GitCommit, GitHead, ProcessRunner } from '../../core/ports';
import { entries, lines, runGit, type GitCallOptions } from './runGit';

/** The Git port over the git binary, started through the ProcessRunner like every other process. */
export class GitCli implements Git {
  constructor(
    private readonly runner: ProcessRunner,
    readonly dir: string,
  ) {}

  async isRepository(signal?: AbortSignal): Promise<boolean> {
    try {
      return (await this.out(['rev-parse', '--is-inside-work-tree'], { signal, accept: [128] })).trim() === 'true';
    } catch (error) {
      // A missing folder or git is "no repository"; Restricted Mode and a cancel are not.
      if (DevopsError.is(error, 'untrusted') || isCancellation(error)) throw error;
      return false;
    }
  }

  async head(signal?: AbortSignal): Promise<GitHead> {
    const [commit, branch] = await Promise.all([
      this.out(['rev-parse', '--verify', '--quiet', 'HEAD'], { signal, accept: [1, 128] }),
      this.out(['symbolic-ref', '--quiet', '--short', 'HEAD'], { signal, accept: [1, 128] }),
    ]);
    return { ...(commit.trim() ? { commit: commit.trim() } : {}), ...(branch.trim() ? { branch: branch.trim() } : {}) };
  }

  async userName(signal?: AbortSignal): Promise<string | undefined> {
    return (await this.out(['config', '--get', 'user.name'], { signal, accept: [1] })).trim() || undefined;
  }

  async changedPaths(signal?: AbortSignal): Promise<string[]> {
    const status = entries(await this.out(['status', '--porcelain=v1', '-z', '--untracked-files=all'], { signal }));
    const paths: string[] = [];
    for (let i = 0; i < status.length; i++) {
      const entry = status[i];
      paths.push(entry.slice(3));
      // A rename or copy is followed by the path it came from.
      if (/^[RC]|^.[RC]/.test(entry)) i++;
    }
    return paths;
  }

  async differingPaths(from: string, to: string, signal?: AbortSignal): Promise<string[]> {
    return entries(await this.out(['diff', '--name-only', '-z', '--end-of-options', from, to, '--'], { signal }));
  }

  async localBranches(signal?: AbortSignal): Promise<string[]> {
    return lines(await this.out(['for-each-ref', '--format=%(refname:short)', 'refs/heads/'], { signal }));
  }

  async remoteBranches(signal?: AbortSignal): Promise<string[]> {
    const names = lines(await this.out(['for-each-ref', '--format=%(refname:short)', 'refs/remotes/'], { signal }));
    // origin/HEAD names the remote's default branch, not a branch of its own.
    return names.filter((name) => !name.endsWith('/HEAD') && name.includes('/'));
  }

  async isValidBranchName(name: string, signal?: AbortSignal): Promise<boolean> {
    const { code } = await runGit(this.runner, this.dir, ['check-ref-format', '--branch', name], { signal, accept: [1, 128] });
    return code === 0 && !name.startsWith('-');
  }

  async createBranch(name: string, signal?: AbortSignal): Promise<void> {
    await this.out(['checkout', '-b', name], { signal });
  }

  async checkout(name: string, track?: string, signal?: AbortSignal): Promise<void> {
    await this.out(track ? ['checkout', '-b', name, '--track', track] : ['checkout', name, '--'], { signal });
  }

  async stash(message: string, signal?: AbortSignal): Promise<void> {
    await this.out(['stash', 'push', '--include-untracked', '--message', message], { signal });
  }

  async stashPop(signal?: AbortSignal): Promise<boolean> {
    return (await runGit(this.runner, this.dir, ['stash', 'pop'], { signal, accept: [1] })).code === 0;
  }

  async stashMessages(signal?: AbortSignal): Promise<string[]> {
    return lines(await this.out(['stash', 'list', '--format=%gs'], { signal }));
  }

  async lastTag(signal?: AbortSignal): Promise<string | undefined> {
    return (await this.out(['describe', '--tags', '--abbrev=0'], { signal, accept: [128] })).trim() || undefined;
  }

  async lastVersionTagOn(ref: string, signal?: AbortSignal): Promise<string | undefined> {
    return (await this.out(['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*', '--end-of-options', ref], { signal, accept: [128] })).trim() || undefined;
  }

  async countCommits(from: string, to: string, signal?: AbortSignal): Promise<number> {
    return Number.parseInt((await this.out(['rev-list', '--count', '--end-of-options', `${from}..${to}`], { signal })).trim(), 10);
  }

  async hasTag(tag: string, signal?: AbortSignal): Promise<boolean> {
    return (await runGit(this.runner, this.dir, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`], { signal, accept: [1, 128] })).code === 0;
  }

  async commitsSince(from: string | undefined, signal?: AbortSignal): Promise<GitCommit[]> {
    const range = from === undefined ? 'HEAD' : `${from}..HEAD`;
    const log = await this.out(['log', '-z', '--format=%H%n%B', '--end-of-options', range, '--'], { signal });
    return entries(log).map((entry) => {
      const newline = entry.indexOf('\n');
      return { hash: entry.slice(0, newline < 0 ? undefined : newline), message: newline < 0 ? '' : entry.slice(newline + 1).trimEnd() };
    });
  }

  async commit(message: string, files: readonly string[], signal?: AbortSignal): Promise<string> {
    await this.out(['add', '--', ...files], { signal });
    await this.out(['commit', '--quiet', '--message', message, '--', ...files], { signal });
    return (await this.out(['rev-parse', 'HEAD'], { signal })).trim();
  }

  async tag(name: string, message: string, signal?: AbortSignal): Promise<void> {
    await this.out(['tag', '--annotate', '--message', message, '--end-of-options', name], { signal });
  }

  async push(signal?: AbortSignal): Promise<void> {
    await this.out(['push', '--follow-tags', 'origin', 'HEAD'], { signal, timeoutMs: 120_000 });
  }

  async remoteUrl(name: string, signal?: AbortSignal): Promise<string | undefined> {
    // Exit 1: no such key, so no such remote.
    return (await this.out(['config', '--get', `remote.${name}.url`], { signal, accept: [1] })).trim() || undefined;
  }

  async pushBranch(branch: string, signal?: AbortSignal): Promise<void> {
    // Full ref names on both sides: a branch named like a tag or a remote still means the branch.
    await this.out(['push', '--set-upstream', 'origin', `refs/heads/${branch}:refs/heads/${branch}`], { signal, timeoutMs: 120_000 });
  }

  private async out(args: readonly string[], options: GitCallOptions): Promise<string> {
    return (await runGit(this.runner, this.dir, args, options)).stdout;
  }
}

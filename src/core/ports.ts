// Interfaces the core needs from outside. Implementations live in backends/ (plain Node)
// and vscode/ (editor-specific, e.g. the workspace-trust gate); tests pass real ones.
import type { Event } from './refresh/eventEmitter';

/** The kinds of command devops.yaml declares; each runs only as the user approved it. */
export type WorkspaceCommandKind = 'stage' | 'deploy' | 'release' | 'action' | 'probe' | 'log';

/** Why a process starts; decides what the runner asks before starting it. */
export type ProcessPurpose =
  /** A command from devops.yaml: approved as it is (command, env, cwd, kind) before it runs. */
  | { kind: WorkspaceCommandKind; source: string }
  /** A fixed command the product itself issues (git): needs a trusted workspace, no approval. */
  | { kind: 'internal' };

/** Fields every start has, whatever runs. */
interface ProcessSpecBase {
  /** Why it starts; a devops.yaml command must have been approved as it is. */
  purpose: ProcessPurpose;
  /** Working directory; absolute. */
  cwd: string;
  /** Extra environment variables from devops.yaml, merged over the runner's environment; part of what is approved. */
  env?: Record<string, string>;
  /** Variables the product sets for this one start (DEVOPS_RUN_ID, DEVOPS_VERSION…); merged last, not part of the approval. */
  contextEnv?: Record<string, string>;
  /** Ends the process tree after this many milliseconds. */
  timeoutMs?: number;
  /** Aborting ends the process tree (terminate, then kill after a grace period). */
  signal?: AbortSignal;
}

/** A shell command line (run by /bin/sh -c or cmd.exe /c), as CI `run:` steps are. */
export interface ShellProcessSpec extends ProcessSpecBase {
  /** The command line, exactly as devops.yaml wrote it. */
  command: string;
  file?: never;
  args?: never;
}

/** An executable with its arguments, started without a shell: nothing needs quoting. */
export interface ArgvProcessSpec extends ProcessSpecBase {
  /** Executable name (looked up on PATH) or path. */
  file: string;
  /** Arguments, each passed as it is. */
  args: readonly string[];
  command?: never;
}

/** What to start: a shell command line or an executable with arguments. */
export type ProcessSpec = ShellProcessSpec | ArgvProcessSpec;

/** The part of a devops.yaml command the user approves: what runs, with which variables, where, as what. */
export type ApprovableCommand = Pick<ShellProcessSpec, 'command' | 'cwd' | 'env'> & { purpose: { kind: WorkspaceCommandKind; source: string } };

/** How a started process ended. */
export interface ProcessExit {
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  /** Signal name when ended by one. */
  signal: string | null;
  /** Why the runner ended it, when it did. */
  endedBy?: 'timeout' | 'abort';
}

/** A process that is running. */
export interface RunningProcess {
  /** Process id of the process group leader. */
  pid: number;
  /** Raw stdout chunks, in order. */
  onStdout(listener: (chunk: Buffer) => void): void;
  /** Raw stderr chunks, in order. */
  onStderr(listener: (chunk: Buffer) => void): void;
  /** Resolves once the process and its output streams are done. */
  exited: Promise<ProcessExit>;
}

/**
 * The one way to start a process. Refuses with DevopsError('untrusted') in an untrusted
 * workspace and DevopsError('not-approved') for a devops.yaml command not approved as it is.
 */
export interface ProcessRunner {
  /** Starts the process or throws the refusal; never asks the user anything. */
  start(spec: ProcessSpec): RunningProcess;
}

/** How a caller asks: at once in a modal (the user just clicked), or by a note the user may answer later. */
export type ApprovalMode = 'modal' | 'background';

/** Asks the user to approve devops.yaml commands before they start; the runner refuses the rest. */
export interface CommandApprover {
  /**
   * True when every command is approved as it is, asking for the rest; false when the user
   * declined, or (background) has not answered yet: onDidApprove fires once they do.
   */
  ensureApproved(commands: readonly ApprovableCommand[], mode: ApprovalMode): Promise<boolean>;
  /** True when the command is approved as it is now; asks nothing. */
  isApproved(command: ApprovableCommand): Promise<boolean>;
  /** Fires after the user approved commands. */
  readonly onDidApprove: Event<void>;
}

/** HEAD of a repository. */
export interface GitHead {
  /** The commit HEAD points at; undefined before the first commit. */
  commit?: string;
  /** The checked-out branch; undefined when HEAD is detached. */
  branch?: string;
}

/** One commit of `Git.commitsSince`. */
export interface GitCommit {
  /** Full hash. */
  hash: string;
  /** Subject, a blank line and the body, as written. */
  message: string;
}

/** One repository's git, run as the git binary through the ProcessRunner (so trusted workspaces only). */
export interface Git {
  /** Folder git runs in; absolute. */
  readonly dir: string;
  /** True when the folder is inside a git work tree; false too when git cannot run there. */
  isRepository(signal?: AbortSignal): Promise<boolean>;
  /** HEAD's commit and branch; empty when the folder is no repository. */
  head(signal?: AbortSignal): Promise<GitHead>;
  /** user.name of git config, or undefined when unset. */
  userName(signal?: AbortSignal): Promise<string | undefined>;
  /** Paths with local changes (staged, unstaged, untracked), relative to the work tree's root. */
  changedPaths(signal?: AbortSignal): Promise<string[]>;
  /** Paths that differ between two commits or branches. */
  differingPaths(from: string, to: string, signal?: AbortSignal): Promise<string[]>;
  /** Names of the local branches. */
  localBranches(signal?: AbortSignal): Promise<string[]>;
  /** Names of the remote-tracking branches, e.g. "origin/main". */
  remoteBranches(signal?: AbortSignal): Promise<string[]>;
  /** True when `name` is a valid branch name. */
  isValidBranchName(name: string, signal?: AbortSignal): Promise<boolean>;
  /** Creates a branch at HEAD and checks it out; the working tree comes along. */
  createBranch(name: string, signal?: AbortSignal): Promise<void>;
  /** Checks out a local branch, or creates `name` tracking the remote branch `track`. */
  checkout(name: string, track?: string, signal?: AbortSignal): Promise<void>;
  /** Sets local changes (untracked ones too) aside in a stash with this message. */
  stash(message: string, signal?: AbortSignal): Promise<void>;
  /** Applies the newest stash and drops it; false when it conflicted (git then keeps the stash). */
  stashPop(signal?: AbortSignal): Promise<boolean>;
  /** Messages of the stashes, newest first. */
  stashMessages(signal?: AbortSignal): Promise<string[]>;
  /** The newest tag reachable from HEAD, or undefined when there is none. */
  lastTag(signal?: AbortSignal): Promise<string | undefined>;
  /** The newest `v*` tag reachable from `ref` (a branch), or undefined when there is none. */
  lastVersionTagOn(ref: string, signal?: AbortSignal): Promise<string | undefined>;
  /** How many commits `to` has that `from` has not (`git rev-list --count from..to`). */
  countCommits(from: string, to: string, signal?: AbortSignal): Promise<number>;
  /** True when the tag exists. */
  hasTag(tag: string, signal?: AbortSignal): Promise<boolean>;
  /** Commits after `from` (all when undefined) up to HEAD, newest first. */
  commitsSince(from: string | undefined, signal?: AbortSignal): Promise<GitCommit[]>;
  /** Stages these files and commits them; resolves with the new commit's hash. */
  commit(message: string, files: readonly string[], signal?: AbortSignal): Promise<string>;
  /** Creates an annotated tag at HEAD. */
  tag(name: string, message: string, signal?: AbortSignal): Promise<void>;
  /** Pushes HEAD and its tags to origin; never waits for a credential prompt. */
  push(signal?: AbortSignal): Promise<void>;
  /** The URL of a remote, or undefined when there is no such remote. */
  remoteUrl(name: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Pushes a local branch to origin under its own name and makes that its upstream; never waits for a credential prompt. */
  pushBranch(branch: string, signal?: AbortSignal): Promise<void>;
}

/** Wall clock and timers, replaceable in tests. */
export interface Clock {
  now(): number;
}

/** Secrets by key; backed by SecretStorage in the editor. */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The one door to the network: every connection the product opens asks here first. */
export interface NetworkGate {
  /** Throws DevopsError('untrusted') naming `target` when no connection may be opened now (Restricted Mode); otherwise counts one. */
  open(target: URL): void;
}

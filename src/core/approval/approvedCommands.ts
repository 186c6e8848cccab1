import type { ApprovableCommand, WorkspaceCommandKind } from '../ports';
import { EventEmitter } from '../refresh/eventEmitter';

/** One approval: exactly what may run in one workspace. */
export interface CommandApproval {
  /** Workspace the approval holds for (the path of its devops.yaml). */
  scope: string;
  /** What kind of command it is (stage, deploy, probe…); the same text as another kind is asked again. */
  kind: WorkspaceCommandKind;
  /** Where devops.yaml declares it ("build", "api.restart"); finds the version a change replaces. */
  source: string;
  /** The command line as approved. */
  command: string;
  /** The devops.yaml variables it runs with, as approved. */
  env: Record<string, string>;
  /** Its working directory, absolute, as approved. */
  cwd: string;
}

/**
 * Where approvals persist. Must live outside the workspace (the editor's global storage):
 * a repository must not be able to approve its own commands.
 */
export interface ApprovalStorage {
  /** Every stored approval; empty when none. */
  load(): Promise<CommandApproval[]>;
  /** Replaces every stored approval. */
  save(approvals: CommandApproval[]): Promise<void>;
}

/** A command that needs approval, with the approved version it replaces when there is one. */
export interface PendingApproval {
  /** What would run. */
  command: ApprovableCommand;
  /** The newest approval of the same kind and source: the prompt shows what changed since. */
  previous?: CommandApproval;
}

// Enough history to show what changed, without the file growing with every edit forever.
const KEPT_PER_WORKSPACE = 500;

/** The identity of an approval: kind, command, variables and folder; any change is a new command. */
export function approvalKey(command: Pick<CommandApproval, 'kind' | 'command' | 'env' | 'cwd'>): string {
  const env = Object.entries(command.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([command.kind, command.command, env, command.cwd]);
}

function recordOf(scope: string, command: ApprovableCommand): CommandApproval {
  return { scope, kind: command.purpose.kind, source: command.purpose.source, command: command.command, env: { ...command.env }, cwd: command.cwd };
}

/** The commands the user approved in one workspace, each exactly as it was shown. */
export class ApprovedCommands {
  private mine: CommandApproval[] = [];
  private keys = new Set<string>();
  private readonly changed = new EventEmitter<void>();
  /** Approvals were loaded or added. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: ApprovalStorage,
    private readonly scope: string,
  ) {}

  /** Reads the approvals again (another window may have added some). */
  async load(): Promise<void> {
    this.set((await this.storage.load()).filter((a) => a.scope === this.scope));
    this.changed.fire();
  }

  /** True when this exact command (kind, text, variables, folder) was approved here. */
  isApproved(command: ApprovableCommand): boolean {
    return this.keys.has(approvalKey(recordOf(this.scope, command)));
  }

  /** The commands not yet approved, in order, each once, with the version each replaces. */
  pending(commands: readonly ApprovableCommand[]): PendingApproval[] {
    const seen = new Set<string>();
    const result: PendingApproval[] = [];
    for (const command of commands) {
      const key = approvalKey(recordOf(this.scope, command));
      if (this.keys.has(key) || seen.has(key)) continue;
      seen.add(key);
      const previous = this.mine.filter((a) => a.kind === command.purpose.kind && a.source === command.purpose.source).at(-1);
      result.push(previous ? { command, previous } : { command });
    }
    return result;
  }

  /** Records approvals, keeping other workspaces' entries in the storage. */
  async approve(commands: readonly ApprovableCommand[]): Promise<void> {
    const all = await this.storage.load();
    const added = commands.map((c) => recordOf(this.scope, c));
    const addedKeys = new Set(added.map(approvalKey));
    // Approved again moves to the end: the newest approval of a source is the one a change is shown against.
    const mine = [...all.filter((a) => a.scope === this.scope && !addedKeys.has(approvalKey(a))), ...added].slice(-KEPT_PER_WORKSPACE);
    await this.storage.save([...all.filter((a) => a.scope !== this.scope), ...mine]);
    this.set(mine);
    this.changed.fire();
  }

  /**
   * True when every command is approved, or the user approves the rest now (ask shows
   * them, with what changed); approving records them.
   */
  async ensureApproved(commands: readonly ApprovableCommand[], ask: (pending: PendingApproval[]) => Promise<boolean>): Promise<boolean> {
    const missing = this.pending(commands);
    if (missing.length === 0) return true;
    if (!(await ask(missing))) return false;
    await this.approve(missing.map((m) => m.command));
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private set(mine: CommandApproval[]): void {
    this.mine = mine;
    this.keys = new Set(mine.map(approvalKey));
  }
}

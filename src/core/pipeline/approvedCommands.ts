import type { DevopsConfig } from '../config/schema';
import { EventEmitter } from '../refresh/eventEmitter';
import { selectStages } from './stagePlan';

/** One approval: the exact command text, for one workspace. */
export interface CommandApproval {
  /** Workspace the approval holds for (its absolute path or a stable id). */
  scope: string;
  /** The command text exactly as approved; any change needs a new approval. */
  command: string;
}

/**
 * Where approvals persist. Must live outside the workspace (the editor's global state):
 * a repository must not be able to approve its own commands.
 */
export interface ApprovalStorage {
  /** Every stored approval; empty when none. */
  load(): Promise<CommandApproval[]>;
  /** Replaces every stored approval. */
  save(approvals: CommandApproval[]): Promise<void>;
}

/** A command a run would execute, with where it comes from. */
export interface PlannedCommand {
  /** Stage name, or "environment <name>" for a deploy command. */
  source: string;
  command: string;
}

/** The exact command texts the user approved in one workspace. */
export class ApprovedCommands {
  private approved = new Set<string>();
  private readonly changed = new EventEmitter<void>();
  /** Approvals were loaded or added. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storage: ApprovalStorage,
    private readonly scope: string,
  ) {}

  async load(): Promise<void> {
    const all = await this.storage.load();
    this.approved = new Set(all.filter((a) => a.scope === this.scope).map((a) => a.command));
    this.changed.fire();
  }

  isApproved(command: string): boolean {
    return this.approved.has(command);
  }

  /** The planned commands not yet approved, in order, each text once. */
  unapproved(planned: readonly PlannedCommand[]): PlannedCommand[] {
    const seen = new Set<string>();
    return planned.filter((p) => !this.approved.has(p.command) && !seen.has(p.command) && seen.add(p.command));
  }

  /** Records approvals, keeping other workspaces' entries in the storage. */
  async approve(commands: readonly string[]): Promise<void> {
    const all = await this.storage.load();
    const mine = new Set([...all.filter((a) => a.scope === this.scope).map((a) => a.command), ...commands]);
    await this.storage.save([...all.filter((a) => a.scope !== this.scope), ...[...mine].map((command) => ({ scope: this.scope, command }))]);
    this.approved = mine;
    this.changed.fire();
  }

  /**
   * True when every planned command is approved, or the user approves the rest now
   * (ask shows them the new texts); approving records them.
   */
  async ensureApproved(planned: readonly PlannedCommand[], ask: (unapproved: PlannedCommand[]) => Promise<boolean>): Promise<boolean> {
    const missing = this.unapproved(planned);
    if (missing.length === 0) return true;
    if (!(await ask(missing))) return false;
    await this.approve(missing.map((m) => m.command));
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The commands a run of these stages would start: `run:` texts and the deploy commands of their environments. */
export function plannedCommands(config: DevopsConfig, stages: readonly string[] = [], includeNeeds = false): PlannedCommand[] {
  const all = config.pipeline?.stages ?? {};
  const planned: PlannedCommand[] = [];
  for (const name of selectStages(all, stages, includeNeeds)) {
    const stage = all[name];
    if (stage?.run) planned.push({ source: name, command: stage.run });
    else if (stage?.kind === 'deploy' && stage.environment) {
      const deploy = config.environments[stage.environment]?.deploy;
      if (deploy) planned.push({ source: `environment ${stage.environment}`, command: deploy });
    }
  }
  return planned;
}

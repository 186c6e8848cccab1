import * as vscode from 'vscode';
import { approvalChanges, describePending, describeSource, type ApprovalChange } from '../../core/approval/approvalChanges';
import { approvalKey, type ApprovedCommands, type PendingApproval } from '../../core/approval/approvedCommands';
import type { ApprovableCommand, ApprovalMode, CommandApprover } from '../../core/ports';
import type { UserPrompts } from '../prompts/userPrompts';
import type { WorkspaceTrustGate } from './workspaceTrustGate';

/** One command of an approval question, as its prompt's subject holds it. */
export interface ApprovalQuestionCommand {
  /** stage, deploy, release, action, probe or log. */
  kind: ApprovableCommand['purpose']['kind'];
  /** Where devops.yaml declares it. */
  source: string;
  /** The command line that would run. */
  command: string;
  /** Its devops.yaml variables. */
  env: Record<string, string>;
  /** Its folder, absolute. */
  cwd: string;
  /** What changed since the approved version; empty for a new command. */
  changes: ApprovalChange[];
}

/** One approval question the extension asked: the subject of its `approval` prompt. */
export interface ApprovalQuestion {
  /** modal: asked at once after a click; background: a note first (health checks, a reload of devops.yaml). */
  mode: ApprovalMode;
  /** What would run. */
  commands: ApprovalQuestionCommand[];
}

const APPROVE = 'Approve and Run';
const REVIEW = 'Review…';

/**
 * The one place that asks the user to approve commands from devops.yaml, for every
 * feature: stages, deploys, service actions, health checks and log sources. It shows each
 * command exactly as it would run, or what changed since the user approved it. Approvals
 * are kept by ApprovedCommands, which the gated runner checks before every start.
 */
export class ApprovalQuestions implements CommandApprover, vscode.Disposable {
  private readonly noted = new Set<string>();
  private readonly approvedEmitter = new vscode.EventEmitter<void>();
  readonly onDidApprove = this.approvedEmitter.event;

  constructor(
    private readonly approvals: ApprovedCommands,
    private readonly trust: WorkspaceTrustGate,
    private readonly prompts: UserPrompts,
    /** The folder of devops.yaml, to show folders relative to it. */
    private readonly workspace: () => string,
  ) {}

  async ensureApproved(commands: readonly ApprovableCommand[], mode: ApprovalMode): Promise<boolean> {
    // Nothing runs in Restricted Mode, so there is nothing to ask either.
    this.trust.assertTrusted('approving commands from devops.yaml');
    if (commands.every((command) => this.approvals.isApproved(command))) return true;
    await this.approvals.load();
    const pending = this.approvals.pending(commands);
    if (pending.length === 0) return true;
    const key = pending.map((p) => approvalKey({ kind: p.command.purpose.kind, command: p.command.command, env: p.command.env ?? {}, cwd: p.command.cwd })).join('\n');
    if (mode === 'modal') {
      const approved = await this.askAndApprove(pending, 'modal');
      // Declined in a modal just now: no note about the same commands right after.
      if (!approved) this.noted.add(key);
      return approved;
    }
    // One note per set of waiting commands: a probe every 10 s must not ask every 10 s.
    if (!this.noted.has(key)) {
      this.noted.add(key);
      void this.askAndApprove(pending, 'background').catch((error: unknown) => {
        void this.prompts.notify({ topic: 'approval.failed', level: 'error', text: `DevOps Loop: the approval could not be saved: ${error instanceof Error ? error.message : String(error)}` });
      });
    }
    return false;
  }

  async isApproved(command: ApprovableCommand): Promise<boolean> {
    if (this.approvals.isApproved(command)) return true;
    await this.approvals.load();
    return this.approvals.isApproved(command);
  }

  dispose(): void {
    this.approvedEmitter.dispose();
  }

  private async askAndApprove(pending: PendingApproval[], mode: ApprovalMode): Promise<boolean> {
    if (!(await this.ask(pending, mode))) return false;
    await this.approvals.approve(pending.map((p) => p.command));
    this.approvedEmitter.fire();
    return true;
  }

  private async ask(pending: PendingApproval[], mode: ApprovalMode): Promise<boolean> {
    const subject: ApprovalQuestion = { mode, commands: pending.map(promptCommand) };
    // The question's first prompt carries it: the note of a background question, else the modal.
    if (mode === 'background') {
      const choice = await this.prompts.notify({ topic: 'approval', level: 'info', text: `DevOps Loop: ${waiting(pending)}`, buttons: [REVIEW], subject });
      if (choice !== REVIEW) return false;
    }
    const detail = [
      'These commands from devops.yaml will run on this machine with your permissions. Approve each exactly as shown: a change to a command, its variables or its folder asks again.',
      ...pending.map((p) => describePending(p, this.workspace())),
    ].join('\n\n');
    const message = `Run ${pending.length === 1 ? 'this command' : `these ${pending.length} commands`} from devops.yaml?`;
    const topic = mode === 'background' ? 'approval.review' : 'approval';
    return (await this.prompts.modal({ topic, text: message, detail, buttons: [APPROVE], subject: mode === 'background' ? undefined : subject })) === APPROVE;
  }
}

function promptCommand(pending: PendingApproval): ApprovalQuestionCommand {
  const { purpose, command, env, cwd } = pending.command;
  return { kind: purpose.kind, source: purpose.source, command, env: { ...env }, cwd, changes: approvalChanges(pending) };
}

/** "The health check of db runs a command …" or "3 commands (…) …": the note of a background question. */
function waiting(pending: PendingApproval[]): string {
  const changed = pending.some((p) => p.previous) ? 'new or changed ' : '';
  if (pending.length === 1) return `the ${describeSource(pending[0].command)} waits for your approval of its ${changed}command from devops.yaml.`;
  const names = pending.slice(0, 3).map((p) => describeSource(p.command)).join(', ');
  return `${pending.length} ${changed}commands from devops.yaml (${names}${pending.length > 3 ? ', …' : ''}) wait for your approval.`;
}

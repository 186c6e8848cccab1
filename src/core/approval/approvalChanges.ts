import type { ApprovableCommand } from '../ports';
import type { PendingApproval } from './approvedCommands';

/** One difference between the approved version of a command and the one that would run now. */
export interface ApprovalChange {
  /** "command", "cwd" or "env NAME". */
  field: string;
  /** The approved value; absent for something added. */
  before?: string;
  /** The value now; absent for something removed. */
  after?: string;
}

/** What changed since the approved version, field by field; empty for a new command. */
export function approvalChanges(pending: PendingApproval): ApprovalChange[] {
  const { command, previous } = pending;
  if (!previous) return [];
  const changes: ApprovalChange[] = [];
  if (previous.command !== command.command) changes.push({ field: 'command', before: previous.command, after: command.command });
  const env = command.env ?? {};
  for (const name of [...new Set([...Object.keys(previous.env), ...Object.keys(env)])].sort()) {
    const before = previous.env[name];
    const after = env[name];
    if (before !== after) changes.push({ field: `env ${name}`, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  if (previous.cwd !== command.cwd) changes.push({ field: 'cwd', before: previous.cwd, after: command.cwd });
  if (changes.length === 0) changes.push({ field: 'kind', before: previous.kind, after: command.purpose.kind });
  return changes;
}

const kindLabels: Record<ApprovableCommand['purpose']['kind'], string> = {
  stage: 'stage',
  deploy: 'deploy',
  release: 'release',
  action: 'service action',
  probe: 'health check',
  log: 'log source',
};

/** "stage build", "health check of db"…: what a command is, for a person. */
export function describeSource(command: ApprovableCommand): string {
  const { kind, source } = command.purpose;
  return kind === 'probe' ? `health check of ${source}` : `${kindLabels[kind]} ${source}`;
}

/**
 * The text a prompt shows for one pending command: what it is, then either the whole
 * command (new) or each change against the approved version, old and new side by side.
 */
export function describePending(pending: PendingApproval, workspace: string): string {
  const { command } = pending;
  const where = (cwd: string): string => (cwd === workspace ? '(the folder of devops.yaml)' : cwd.startsWith(`${workspace}/`) ? `./${cwd.slice(workspace.length + 1)}` : cwd);
  const changes = approvalChanges(pending);
  if (changes.length === 0) {
    const env = Object.entries(command.env ?? {}).map(([name, value]) => `\n    env ${name}=${value}`);
    return `${describeSource(command)} (new):\n    ${command.command}${env.join('')}\n    in ${where(command.cwd)}`;
  }
  const lines = changes.map((c) => {
    const show = (value: string | undefined): string => (value === undefined ? '(none)' : c.field === 'cwd' ? where(value) : value);
    return `\n    ${c.field}: ${show(c.before)}  →  ${show(c.after)}`;
  });
  return `${describeSource(command)} (changed):${lines.join('')}`;
}

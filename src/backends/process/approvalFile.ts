import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { ApprovalStorage, CommandApproval } from '../../core/approval/approvedCommands';
import { writeFileAtomic } from '../../core/pipeline/atomicFile';

const approvalSchema = z.object({
  scope: z.string(),
  kind: z.enum(['stage', 'deploy', 'release', 'action', 'probe', 'log']),
  source: z.string(),
  command: z.string(),
  env: z.record(z.string(), z.string()),
  cwd: z.string(),
});
const fileSchema = z.object({ approvals: z.array(z.unknown()) });

/**
 * Approvals in a JSON file. Put it in per-user storage (the extension's global storage
 * folder), never in the workspace. An unreadable file counts as no approvals, and an
 * entry without kind, variables and folder (written before they were part of an
 * approval) counts as none: the user is asked again, which is the safe side.
 */
export class ApprovalFile implements ApprovalStorage {
  constructor(private readonly path: string) {}

  async load(): Promise<CommandApproval[]> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (!parsed.success) return [];
      return parsed.data.approvals.flatMap((entry) => {
        const approval = approvalSchema.safeParse(entry);
        return approval.success ? [approval.data] : [];
      });
    } catch {
      return [];
    }
  }

  save(approvals: CommandApproval[]): Promise<void> {
    return writeFileAtomic(this.path, JSON.stringify({ approvals }, null, 1));
  }
}

import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { ApprovalStorage, CommandApproval } from '../../../core/pipeline/approvedCommands';
import { writeFileAtomic } from '../../../core/pipeline/atomicFile';

const fileSchema = z.object({ approvals: z.array(z.object({ scope: z.string(), command: z.string() })) });

/**
 * Approvals in a JSON file. Put it in per-user storage (the extension's global storage
 * folder), never in the workspace. An unreadable file counts as no approvals: the user
 * is asked again, which is the safe side.
 */
export class ApprovalFile implements ApprovalStorage {
  constructor(private readonly path: string) {}

  async load(): Promise<CommandApproval[]> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      return parsed.success ? parsed.data.approvals : [];
    } catch {
      return [];
    }
  }

  save(approvals: CommandApproval[]): Promise<void> {
    return writeFileAtomic(this.path, JSON.stringify({ approvals }, null, 1));
  }
}

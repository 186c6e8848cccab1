import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { readFileTail } from '../../../core/boundedRead';
import { DevopsError } from '../../../core/errors';
import type { DeployRecord } from '../../../core/pipeline/deployTypes';

const recordSchema = z.object({
  environment: z.string(),
  at: z.string(),
  who: z.string(),
  version: z.string(),
  commit: z.string().optional(),
  result: z.enum(['succeeded', 'failed', 'cancelled']),
  reason: z.string().optional(),
  durationMs: z.number(),
  host: z.string(),
  pid: z.number(),
  runId: z.string().optional(),
  action: z.enum(['rollback', 'promote']).optional(),
  from: z.string().optional(),
});

/** Appends one record as one line in one write, so concurrent appenders never interleave. */
export async function appendDeployRecord(file: string, record: DeployRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, { flag: 'a' });
}

// The audit only grows; the newest 8 MB (about 30,000 deploys) are what a view needs, and
// older lines stay in the file.
const maxAuditReadBytes = 8 * 1024 * 1024;

/** Every readable record of the file's newest part; a torn or foreign line is counted in `skipped`, never fatal. */
export async function readDeployRecords(file: string): Promise<{ records: DeployRecord[]; skipped: number }> {
  let text: string;
  try {
    const tail = await readFileTail(file, maxAuditReadBytes, 'the deploy audit');
    text = tail.bytes.toString('utf8');
    // Reading from the middle of the file starts in the middle of a line.
    if (tail.cut) text = text.slice(text.indexOf('\n') + 1);
  } catch (error) {
    if (DevopsError.is(error, 'not-found')) return { records: [], skipped: 0 };
    throw error;
  }
  const records: DeployRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = recordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
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
});

/** Appends one record as one line in one write, so concurrent appenders never interleave. */
export async function appendDeployRecord(file: string, record: DeployRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, { flag: 'a' });
}

/** Every readable record; a torn or foreign line is counted in `skipped`, never fatal. */
export async function readDeployRecords(file: string): Promise<{ records: DeployRecord[]; skipped: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
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

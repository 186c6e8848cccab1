import type { LogChunk } from '../../../core/ci/ciTypes';
import { HttpError } from '../../http/httpErrors';
import type { GitlabJob } from './gitlabSchemas';

// GitLab's "Get a log file" (GET /projects/:id/jobs/:job_id/trace) answers 404 both for
// an unknown job and for a job that has no log file (docs.gitlab.com/api/jobs, "Get a log
// file"); some servers answer an erased job with an empty 200 instead. "Erase a job"
// removes the job's log and artifacts but keeps the job, and the job payload then
// carries `erased_at` (docs.gitlab.com/api/jobs, "Get a single job", "Erase a job").
// So the job itself tells an expired log from a wrong id. `artifacts_expire_at` is not
// used: artifact expiry does not remove the log.

/** Reads the job (GET /projects/:id/jobs/:job_id); undefined when GitLab no longer knows it. */
export type JobReader = (signal: AbortSignal) => Promise<GitlabJob | undefined>;

const expiredMessage = (job: GitlabJob | undefined): string => {
  const erasedAt = job?.erased_at ? new Date(job.erased_at) : undefined;
  if (erasedAt && !Number.isNaN(erasedAt.getTime())) return `GitLab no longer keeps this log: the job was erased on ${erasedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, which removes its log and artifacts.`;
  return 'GitLab no longer keeps this log: the job is still there but its log file was removed.';
};

const ended = (offset: number, message: string): LogChunk => ({ text: '', offset, nextOffset: offset, complete: true, notice: { kind: 'expired', message } });

/**
 * The chunk to show instead of a failed trace read of a finished job whose log is gone
 * (404/410 while the job still exists); undefined when the failure means something else.
 */
export async function goneTraceNotice(error: unknown, offset: number, finished: boolean, readJob: JobReader, signal: AbortSignal): Promise<LogChunk | undefined> {
  if (!HttpError.isHttp(error) || error.detail !== 'status' || (error.status !== 404 && error.status !== 410)) return undefined;
  if (!finished) return { text: '', offset, nextOffset: offset, complete: false, notice: { kind: 'unavailable', message: 'The log is not available yet; it will be shown when the job ends.' } };
  const job = await readJob(signal);
  return job === undefined ? undefined : ended(offset, expiredMessage(job));
}

/** The same notice for an empty first read of a finished job that GitLab marks erased. */
export async function erasedEmptyNotice(chunk: LogChunk, readJob: JobReader, signal: AbortSignal): Promise<LogChunk> {
  if (chunk.offset !== 0 || chunk.text !== '' || !chunk.complete || chunk.notice) return chunk;
  const job = await readJob(signal);
  return job?.erased_at ? ended(0, expiredMessage(job)) : chunk;
}

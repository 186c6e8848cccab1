import type { CiJob, CiRun, CiStatus } from '../../../core/ci/ciTypes';
import { clean, span, time } from '../mappingHelpers';
import type { GitlabJob, GitlabPipeline } from './gitlabSchemas';

// GitLab pipeline and job statuses in our words; anything unknown is "unknown", never a throw.

const byStatus: Record<string, CiStatus> = {
  created: 'queued',
  waiting_for_resource: 'queued',
  preparing: 'queued',
  pending: 'queued',
  scheduled: 'queued',
  running: 'running',
  success: 'succeeded',
  failed: 'failed',
  canceled: 'cancelled',
  canceling: 'running',
  skipped: 'skipped',
  manual: 'waiting',
};

export function gitlabStatus(status: string | null | undefined): CiStatus {
  return (status && byStatus[status]) || 'unknown';
}

export function toCiRun(pipeline: GitlabPipeline): CiRun {
  const startedAt = time(pipeline.started_at) ?? time(pipeline.created_at);
  const endedAt = time(pipeline.finished_at);
  const workflow = pipeline.name ?? 'pipeline';
  return clean({
    id: String(pipeline.id),
    number: pipeline.iid ?? undefined,
    title: `${workflow} #${pipeline.iid ?? pipeline.id}`,
    workflow,
    status: gitlabStatus(pipeline.status),
    rawStatus: pipeline.status ?? undefined,
    branch: pipeline.ref ?? undefined,
    commit: pipeline.sha ?? undefined,
    actor: pipeline.user?.username ?? pipeline.user?.name ?? undefined,
    event: pipeline.source ?? undefined,
    url: pipeline.web_url ?? undefined,
    createdAt: time(pipeline.created_at),
    startedAt,
    endedAt,
    durationMs: pipeline.duration != null ? Math.round(pipeline.duration * 1000) : span(startedAt, endedAt),
  });
}

export function toCiJob(job: GitlabJob, runId: string): CiJob {
  const startedAt = time(job.started_at);
  const endedAt = time(job.finished_at);
  return clean({
    id: String(job.id),
    runId,
    name: job.name,
    stage: job.stage ?? undefined,
    status: gitlabStatus(job.status),
    rawStatus: job.status ?? undefined,
    startedAt,
    endedAt,
    durationMs: job.duration != null ? Math.round(job.duration * 1000) : span(startedAt, endedAt),
    url: job.web_url ?? undefined,
    steps: [],
  });
}

import type { CiJob, CiRun, CiStatus, CiStep } from '../../../core/ci/ciTypes';
import { clean, span, time } from '../mappingHelpers';
import type { GithubJob, GithubRun } from './githubSchemas';

// GitHub's status + conclusion pairs in our words. Anything unknown is "unknown", never a throw.

const byStatus: Record<string, CiStatus> = {
  queued: 'queued',
  requested: 'queued',
  pending: 'queued',
  waiting: 'waiting',
  in_progress: 'running',
};

const byConclusion: Record<string, CiStatus> = {
  success: 'succeeded',
  neutral: 'succeeded',
  failure: 'failed',
  timed_out: 'failed',
  startup_failure: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
  action_required: 'waiting',
};

export function githubStatus(status: string | null | undefined, conclusion: string | null | undefined): { status: CiStatus; raw: string } {
  const raw = status === 'completed' ? (conclusion ?? 'completed') : (status ?? 'unknown');
  if (status === 'completed') return { status: (conclusion && byConclusion[conclusion]) || 'unknown', raw };
  return { status: (status && byStatus[status]) || 'unknown', raw };
}

export function toCiRun(run: GithubRun): CiRun {
  const { status, raw } = githubStatus(run.status, run.conclusion);
  const startedAt = time(run.run_started_at) ?? time(run.created_at);
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'skipped';
  const endedAt = finished ? time(run.updated_at) : undefined;
  // A workflow file without `name:` (or with an empty one) runs with name "": GitHub then shows its path.
  const workflow = run.name?.trim() || run.path?.trim() || `workflow ${run.workflow_id ?? '?'}`;
  return clean({
    id: String(run.id),
    number: run.run_number ?? undefined,
    title: run.display_title?.trim() ? `${workflow}: ${run.display_title.trim()}` : workflow,
    workflow,
    status,
    rawStatus: raw,
    branch: run.head_branch ?? undefined,
    commit: run.head_sha ?? undefined,
    actor: run.triggering_actor?.login ?? run.actor?.login,
    event: run.event ?? undefined,
    url: run.html_url ?? undefined,
    createdAt: time(run.created_at),
    startedAt,
    endedAt,
    durationMs: span(startedAt, endedAt),
  });
}

export function toCiJob(job: GithubJob, runId: string): CiJob {
  const { status, raw } = githubStatus(job.status, job.conclusion);
  const startedAt = time(job.started_at);
  const endedAt = time(job.completed_at);
  const steps: CiStep[] = (job.steps ?? []).map((step) => {
    const mapped = githubStatus(step.status, step.conclusion);
    const s = time(step.started_at);
    const e = time(step.completed_at);
    return clean({ number: step.number, name: step.name, status: mapped.status, startedAt: s, endedAt: e, durationMs: span(s, e) });
  });
  return clean({
    id: String(job.id),
    runId,
    name: job.name,
    status,
    rawStatus: raw,
    startedAt,
    endedAt,
    durationMs: span(startedAt, endedAt),
    url: job.html_url ?? undefined,
    steps,
  });
}

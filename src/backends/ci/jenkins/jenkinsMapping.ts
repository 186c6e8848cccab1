import type { CiJob, CiRun, CiStatus, CiStep, TriggerInput } from '../../../core/ci/ciTypes';
import { clean } from '../mappingHelpers';
import type { JenkinsBuild, WfRun, WfStageNode } from './jenkinsSchemas';
import type { jenkinsParametersSchema } from './jenkinsSchemas';
import type { z } from 'zod';

// Jenkins build results and Pipeline (wfapi) statuses in our words; unknown ones map
// to "unknown". UNSTABLE (tests failed) counts as failed, as people read it.

const byResult: Record<string, CiStatus> = {
  SUCCESS: 'succeeded',
  UNSTABLE: 'failed',
  FAILURE: 'failed',
  ABORTED: 'cancelled',
  NOT_BUILT: 'skipped',
};

const byWfStatus: Record<string, CiStatus> = {
  ...byResult,
  FAILED: 'failed',
  IN_PROGRESS: 'running',
  QUEUED: 'queued',
  NOT_EXECUTED: 'skipped',
  PAUSED_PENDING_INPUT: 'waiting',
};

export function wfStatus(status: string | null | undefined): CiStatus {
  return (status && byWfStatus[status]) || 'unknown';
}

export function toCiRun(build: JenkinsBuild, jobName: string): CiRun {
  const status: CiStatus = build.building ? 'running' : (build.result && byResult[build.result]) || 'unknown';
  const actions = (build.actions ?? []).filter((a): a is NonNullable<typeof a> => a !== null);
  const revision = actions.find((a) => a.lastBuiltRevision)?.lastBuiltRevision;
  const cause = actions.flatMap((a) => a.causes ?? [])[0];
  const startedAt = build.timestamp ?? undefined;
  const durationMs = !build.building && build.duration ? build.duration : undefined;
  return clean({
    id: String(build.number),
    number: build.number,
    title: `${jobName} ${build.displayName ?? `#${build.number}`}`,
    workflow: jobName,
    status,
    rawStatus: build.building ? 'BUILDING' : (build.result ?? undefined),
    branch: branchName(revision?.branch?.[0]?.name ?? undefined),
    commit: revision?.SHA1 ?? undefined,
    actor: cause?.userId ?? cause?.userName ?? undefined,
    event: cause?.shortDescription ?? undefined,
    url: build.url ?? undefined,
    createdAt: startedAt,
    startedAt,
    endedAt: startedAt !== undefined && durationMs !== undefined ? startedAt + durationMs : undefined,
    durationMs,
  });
}

/** Parameters of a build, to run it again with the same values. */
export function buildParameters(build: JenkinsBuild): Record<string, string> {
  const values: Record<string, string> = {};
  for (const action of build.actions ?? []) {
    for (const parameter of action?.parameters ?? []) {
      const value = parameter.value;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[parameter.name] = String(value);
    }
  }
  return values;
}

/** Stages of a pipeline run as jobs. */
export function toCiJobs(run: WfRun, runId: string, buildUrl: string | undefined): CiJob[] {
  return (run.stages ?? []).map((stage) =>
    clean({
      id: `${runId}/${stage.id}`,
      runId,
      name: stage.name,
      status: wfStatus(stage.status),
      rawStatus: stage.status ?? undefined,
      ...timing(stage.startTimeMillis, stage.durationMillis),
      url: buildUrl,
      steps: [],
    }),
  );
}

/** The steps of a stage (its flow nodes, in start order): "Shell Script: npm test". */
export function toCiSteps(stage: WfStageNode): CiStep[] {
  return (stage.stageFlowNodes ?? []).map((node, index) =>
    clean({
      number: index + 1,
      name: node.parameterDescription ? `${node.name}: ${node.parameterDescription}` : node.name,
      status: wfStatus(node.status),
      ...timing(node.startTimeMillis, node.durationMillis),
    }),
  );
}

function timing(start: number | null | undefined, duration: number | null | undefined): Pick<CiStep, 'startedAt' | 'endedAt' | 'durationMs'> {
  return {
    startedAt: start ?? undefined,
    endedAt: start != null && duration != null ? start + duration : undefined,
    durationMs: duration ?? undefined,
  };
}

/** The build number a wfapi run stands for (its id, or "#N" in its name). */
export function wfRunNumber(run: WfRun): number | undefined {
  if (/^\d+$/.test(run.id)) return Number(run.id);
  const match = /#(\d+)/.exec(run.name ?? '');
  return match ? Number(match[1]) : undefined;
}

const parameterTypes: Record<string, TriggerInput['type']> = {
  BooleanParameterDefinition: 'boolean',
  ChoiceParameterDefinition: 'choice',
};

export function toTriggerInputs(body: z.output<typeof jenkinsParametersSchema>): TriggerInput[] {
  const definitions = (body.property ?? []).flatMap((p) => p?.parameterDefinitions ?? []);
  return definitions.map((d) => {
    const input: TriggerInput = { name: d.name, required: false, type: parameterTypes[d.type ?? ''] ?? 'string' };
    if (d.description) input.description = d.description;
    const value = d.defaultParameterValue?.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') input.default = String(value);
    if (d.choices) input.options = d.choices;
    return input;
  });
}

function branchName(name: string | undefined): string | undefined {
  return name?.replace(/^refs\/remotes\/[^/]+\//, '').replace(/^refs\/heads\//, '').replace(/^origin\//, '');
}

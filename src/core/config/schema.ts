import * as z from 'zod';
import { ciSchema } from './ciConfig';
import { enginesSchema, runsOnSchema } from './enginesConfig';
import { buildArgsSchema, deployTargetSchema, imageRepository } from './imageConfig';
import { durationBoundsProblem, minIntervalMs } from '../duration';

// The one schema of devops.yaml. schemas/devops.schema.json is generated from it
// (npm run schema); the loader validates with it and adds the checks a JSON Schema
// cannot express (references, cycles) in validate.ts.

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"');
const durationFormat = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as "500ms", "10s", "5m" or "1h"');
/** A duration such as "500ms", "10s", "5m", "1h", at most 24 days (what a timer can wait). */
export const duration = boundedDuration(0);
/** How often something is probed: a duration of at least 1 s. */
const interval = boundedDuration(minIntervalMs);

function boundedDuration(minMs: number): z.ZodType<string> {
  return durationFormat.superRefine((text, context) => {
    const problem = durationBoundsProblem(text, minMs);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}
const envMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

const planSchema = z
  .object({
    provider: z.enum(['file', 'github', 'gitlab', 'jira']).default('file').describe('Where the sprint lives.'),
    file: z.string().default('sprint.yaml').describe('Sprint file, relative to devops.yaml (provider: file).'),
    statuses: z.array(z.string().min(1)).min(1).default(['todo', 'in-progress', 'review', 'done', 'blocked']).describe('Statuses in display order.'),
    branchTemplate: z.string().default('feature/{id}-{slug}').describe('Branch name for "Start work".'),
    baseUrl: z.string().optional().describe('API base URL for GitHub Enterprise Server, self-managed GitLab or Jira. Credentials are kept per server: sign in for this one; plain http:// gets none except on this machine.'),
    repository: z.string().optional().describe('owner/repo (github) or group/project (gitlab).'),
    milestone: z.string().optional().describe('Milestone or iteration name; default: the nearest open one.'),
    board: z.number().int().optional().describe('Jira board id.'),
  })
  .strict();

const healthSchema = z
  .object({
    http: z.string().optional().describe('URL probed with GET.'),
    tcp: z.string().optional().describe('host:port probed with a TCP connect.'),
    command: z.string().optional().describe('Command whose exit code 0 means healthy.'),
    expectStatus: z.number().int().min(100).max(599).default(200),
    bodyMatch: z.string().optional().describe('Regular expression the body must match.'),
    degradedMs: z.number().int().positive().optional().describe('Latency above which a healthy answer is degraded.'),
    interval: interval.default('10s').describe('How often the probe runs; at least 1s.'),
    timeout: duration.default('2s'),
  })
  .strict();

const actionSchema = z.object({ run: z.string().min(1), confirm: z.boolean().default(true) }).strict();

const logSourceSchema = z
  .object({
    file: z.string().optional().describe('Log file followed across rotation.'),
    command: z.string().optional().describe('Command streaming log lines, e.g. "kubectl logs -f deploy/api".'),
  })
  .strict();

const serviceSchema = z
  .object({
    description: z.string().optional(),
    url: z.string().optional().describe('Where a person reaches the service.'),
    ports: z.array(z.number().int().min(1).max(65535)).default([]),
    dependsOn: z.array(z.string()).default([]).describe('Names of services this one needs.'),
    env: z.array(z.string()).default([]).describe('Names of environment variables it reads.'),
    health: healthSchema.optional(),
    logs: z.array(logSourceSchema).default([]),
    actions: z.record(name, actionSchema).default({}).describe('Operations such as restart or scale.'),
    runsOn: runsOnSchema.optional(),
  })
  .strict();

/** What happened in the editor that a stage can be offered after. */
const stageEvent = z.enum(['merge']);

const stageSchema = z
  .object({
    kind: z.enum(['run', 'release', 'deploy', 'image']).default('run'),
    run: z.string().optional().describe('Shell command, as in a CI step.'),
    needs: z.array(z.string()).default([]).describe('Stages that must succeed first.'),
    env: envMap.default({}),
    cwd: z.string().optional(),
    timeout: duration.optional(),
    reports: z.array(z.string()).default([]).describe('JUnit XML reports the stage writes.'),
    environment: z.string().optional().describe('Target environment (kind: deploy).'),
    bump: z.enum(['auto', 'major', 'minor', 'patch']).default('auto').describe('Version bump (kind: release).'),
    versionFile: z.string().optional().describe('File holding the version (kind: release).'),
    push: z.boolean().default(false).describe('Push commit and tag (kind: release).'),
    context: z.string().optional().describe('Build context folder inside the workspace (kind: image); default ".".'),
    dockerfile: z.string().optional().describe('Dockerfile, relative to the workspace (kind: image); default Dockerfile in the context.'),
    image: imageRepository.optional().describe('Repository the image is pushed to, without a tag, e.g. registry.example:5000/shop/web (kind: image).'),
    buildArgs: buildArgsSchema.optional().describe('Build arguments (kind: image).'),
    on: z.array(stageEvent).default([]).describe('Events after which the editor offers to run this stage: `merge` (a pull or merge request merged with Merge…). The stage still runs by hand and with the whole pipeline.'),
    manual: z.boolean().default(false).describe('Run only when asked for by name (Run Stage in the Pipeline view, `devops-loop run <stage>`), never with the whole pipeline; for a stage that needs what not every machine has, such as a container engine. A stage that needs a manual stage still runs with the whole pipeline, that need counted as met.'),
  })
  .strict();

const pipelineSchema = z
  .object({
    provider: z.literal('local').optional().describe('Stages always run locally; CI engines (GitHub, GitLab, Jenkins) go in `ci`.'),
    parallel: z.number().int().min(1).max(32).default(2).describe('Stages run at once (local runner).'),
    stages: z.record(name, stageSchema).default({}),
    ci: ciSchema.optional(),
  })
  .strict();

const environmentSchema = z
  .object({
    deploy: z.string().optional().describe('Deploy command; DEVOPS_VERSION and DEVOPS_COMMIT are set.'),
    url: z.string().optional(),
    protected: z.boolean().default(false).describe('Ask in a modal before deploying.'),
    target: deployTargetSchema.optional().describe('The engine workload a deploy updates to the released image, instead of a deploy command.'),
    image: imageRepository.optional().describe('Repository of the image deployed to `target`, without a tag; the release version is the tag.'),
    rollback: z.enum(['auto', 'manual']).default('manual').describe('auto: a failed rollout is rolled back by the engine.'),
    rolloutTimeout: duration.default('5m').describe('How long a rollout may take before the deploy fails.'),
  })
  .strict();

const chartSchema = z
  .object({
    title: z.string(),
    query: z.string().optional().describe('PromQL range query.'),
    metric: z.enum(['cpu', 'memory', 'disk', 'latency']).optional().describe('A built-in metric.'),
    unit: z.string().optional(),
  })
  .strict();

const alertSchema = z
  .object({
    name,
    service: z.string().optional().describe('Alert while this service is not up.'),
    query: z.string().optional().describe('PromQL whose value is compared with the thresholds.'),
    metric: z.enum(['cpu', 'memory', 'disk']).optional(),
    warning: z.number().optional(),
    critical: z.number().optional(),
    for: duration.default('0s'),
  })
  .strict();

const monitorSchema = z
  .object({
    prometheus: z.object({ url: z.string() }).strict().optional(),
    charts: z.array(chartSchema).default([]),
    logs: z.array(logSourceSchema.extend({ name: z.string().optional() }).strict()).default([]),
    alerts: z.array(alertSchema).default([]),
  })
  .strict();

export const devopsConfigSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).describe('The devops.yaml format version.'),
    name: z.string().optional().describe('The system this loop belongs to.'),
    plan: planSchema.optional(),
    services: z.record(name, serviceSchema).default({}),
    pipeline: pipelineSchema.optional(),
    environments: z.record(name, environmentSchema).default({}),
    monitor: monitorSchema.optional(),
    engines: enginesSchema.optional(),
  })
  .strict();

export type DevopsConfig = z.output<typeof devopsConfigSchema>;
export type PlanConfig = z.output<typeof planSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type HealthConfig = z.output<typeof healthSchema>;
export type StageConfig = z.output<typeof stageSchema>;
export type StageEvent = z.output<typeof stageEvent>;
export type PipelineConfig = z.output<typeof pipelineSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type MonitorConfig = z.output<typeof monitorSchema>;
export type LogSourceConfig = z.output<typeof logSourceSchema>;

/** Top-level keys that are free for the user's own anchors, e.g. `x-defaults: &defaults`. */
export const extensionKeyPattern = /^x-/;

/** The JSON Schema the editor validates devops.yaml with while typing. */
export function devopsJsonSchema(): Record<string, unknown> {
  // draft-07: what the YAML and JSON language services of editors support fully.
  const schema = z.toJSONSchema(devopsConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-07' });
  // Top-level `x-…` keys hold YAML anchors for reuse, as in docker-compose; the loader skips them.
  return { ...schema, patternProperties: { [extensionKeyPattern.source]: {} }, title: 'devops.yaml', $id: 'https://devops-loop.dev/devops.schema.json' };
}

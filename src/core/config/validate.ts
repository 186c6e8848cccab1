import type { DevopsConfig } from './schema';
import type { Problem } from './problem';
import { checkDependencyGraph } from './dependencyGraph';
import { checkEngines } from './engineChecks';
import { checkDeployTargets, checkImageStages } from './imageChecks';
import { checkMonitor } from './monitorChecks';
import { checkPaths } from './pathChecks';
import type { Report } from './report';
import { didYouMean } from '../yaml/didYouMean';
import { problemAt } from '../yaml/yamlLocate';
import type { YamlSource } from '../yaml/yamlSource';

// The rules a JSON Schema cannot express: references between sections, cycles,
// and combinations of keys that make a stage or probe unusable.

export function validateConfig(config: DevopsConfig, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (path, severity, code, message, target) => {
    problems.push(problemAt(source, path, { severity, code, message }, target));
  };
  const services = new Map(Object.entries(config.services).map(([n, s]) => [n, s.dependsOn]));
  problems.push(...checkDependencyGraph(source, { noun: 'service', declaredIn: 'services', edges: services, pathOf: (n, i) => ['services', n, 'dependsOn', i] }));
  const stages = config.pipeline?.stages ?? {};
  const stageEdges = new Map(Object.entries(stages).map(([n, s]) => [n, s.needs]));
  problems.push(...checkDependencyGraph(source, { noun: 'stage', declaredIn: 'pipeline.stages', edges: stageEdges, pathOf: (n, i) => ['pipeline', 'stages', n, 'needs', i] }));
  checkStages(config, report);
  checkServices(config, report);
  checkPlan(config, report);
  checkMonitor(config, report);
  checkEngines(config, report);
  checkPaths(config, report);
  checkImageStages(config, report);
  checkDeployTargets(config, report);
  return problems;
}

function checkStages(config: DevopsConfig, report: Report): void {
  const environments = Object.keys(config.environments);
  for (const [name, stage] of Object.entries(config.pipeline?.stages ?? {})) {
    const path = ['pipeline', 'stages', name];
    const environment = stage.environment === undefined ? undefined : config.environments[stage.environment];
    if (stage.environment !== undefined && environment === undefined) {
      report([...path, 'environment'], 'error', 'unknown-reference', `stage \`${name}\` deploys to \`${stage.environment}\`, which is not declared in \`environments\`${didYouMean(stage.environment, environments)}`);
    }
    if (stage.kind === 'deploy' && stage.environment === undefined) {
      report(path, 'warning', 'deploy-without-environment', `deploy stage \`${name}\` has no \`environment\`; it cannot be protected or show what is deployed where`, 'key');
    }
    if (stage.kind !== 'deploy' && stage.environment !== undefined) {
      report([...path, 'environment'], 'warning', 'ignored-key', `\`environment\` only matters for \`kind: deploy\`; stage \`${name}\` is \`kind: ${stage.kind}\``, 'key');
    }
    if (stage.kind === 'run' && stage.run === undefined) {
      report(path, 'error', 'nothing-to-run', `stage \`${name}\` has nothing to run; add \`run: <command>\``, 'key');
    }
    if (stage.kind === 'deploy' && stage.run === undefined && environment !== undefined && environment.deploy === undefined && environment.target === undefined) {
      report(path, 'error', 'nothing-to-run', `deploy stage \`${name}\` has no \`run\`, and environment \`${stage.environment}\` has no \`deploy\` command`, 'key');
    }
  }
}

function checkServices(config: DevopsConfig, report: Report): void {
  for (const [name, service] of Object.entries(config.services)) {
    if (service.health) {
      const probes = (['http', 'tcp', 'command'] as const).filter((k) => service.health?.[k] !== undefined);
      if (probes.length === 0) report(['services', name, 'health'], 'error', 'no-probe', `health of \`${name}\` needs one of \`http\`, \`tcp\` or \`command\``, 'key');
      if (probes.length > 1) report(['services', name, 'health', probes[1]], 'warning', 'many-probes', `health of \`${name}\` has ${probes.join(' and ')}; only \`${probes[0]}\` is used`, 'key');
      const pattern = patternProblem(service.health.bodyMatch);
      if (pattern !== undefined) report(['services', name, 'health', 'bodyMatch'], 'error', 'invalid-pattern', `bodyMatch is not a regular expression: ${pattern}`);
    }
    service.logs.forEach((log, i) => {
      if (log.file === undefined && log.command === undefined) report(['services', name, 'logs', i], 'error', 'no-log-source', 'a log source needs `file` or `command`');
    });
  }
}

// Compiling is safe whatever the pattern; only matching can run away (it runs in a worker
// with the probe's deadline, see backends/probes/bodyMatcher.ts).
function patternProblem(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
  }
}

function checkPlan(config: DevopsConfig, report: Report): void {
  const plan = config.plan;
  if (!plan) return;
  const seen = new Set<string>();
  plan.statuses.forEach((status, i) => {
    if (seen.has(status)) report(['plan', 'statuses', i], 'error', 'duplicate-name', `status \`${status}\` is listed twice`);
    seen.add(status);
  });
  if (plan.provider === 'jira' && plan.baseUrl === undefined) report(['plan', 'provider'], 'error', 'missing-key', 'the jira provider needs `baseUrl`, e.g. https://example.atlassian.net');
  if (plan.provider === 'jira' && plan.board === undefined) report(['plan', 'provider'], 'error', 'missing-key', 'the jira provider needs `board`, the id of the Jira board');
}

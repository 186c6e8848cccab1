import type { Problem } from './problem';
import { problemAt } from '../yaml/yamlLocate';
import type { YamlSource } from '../yaml/yamlSource';

// Values devops.yaml once accepted that did nothing. A file that still has one gets an
// error saying what to write instead, and the value is taken out before the schema runs
// so the error is not repeated as "must be local".

const ciExample: Record<string, string> = {
  github: '`ci: [{ provider: github, repository: owner/name }]`',
  gitlab: '`ci: [{ provider: gitlab, project: group/project }]`',
  jenkins: '`ci: [{ provider: jenkins, baseUrl: https://jenkins.example.com/, job: folder/job }]`',
};

/** Problems for retired values, and the data without them. */
export function retiredValues(value: unknown, source: YamlSource): { value: unknown; problems: Problem[] } {
  const pipeline = isRecord(value) ? value.pipeline : undefined;
  const provider = isRecord(pipeline) ? pipeline.provider : undefined;
  if (typeof provider !== 'string' || !(provider in ciExample)) return { value, problems: [] };
  const message = `\`pipeline.provider: ${provider}\` is no longer supported: the pipeline runs its \`stages\` locally, and ${provider} runs are shown from \`pipeline.ci\`; remove \`provider\` and add ${ciExample[provider]} under \`pipeline\``;
  const problem = problemAt(source, ['pipeline', 'provider'], { severity: 'error', code: 'retired-value', message });
  const { provider: _removed, ...rest } = pipeline as Record<string, unknown>;
  return { value: { ...(value as Record<string, unknown>), pipeline: rest }, problems: [problem] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { TriggerTarget } from './ciTypes';

// Which inputs and variables of a CI trigger say where a run deploys. An input declared
// with `type: environment` always does; otherwise the name decides, compared without
// case, `-`, `_` or spaces: environment, env, environment_name, env_name, deploy_env,
// deploy_environment, deployment_environment, target, target_env, target_environment,
// deploy_target, deploy_to. Only a value that names an environment of devops.yaml with
// `protected: true` counts (any case), so a broad name like TARGET costs nothing on a
// build that targets "x86_64". Other names (stage, region) never count.
const environmentNames = new Set(['environment', 'env', 'environmentname', 'envname', 'deployenv', 'deployenvironment', 'deploymentenvironment', 'target', 'targetenv', 'targetenvironment', 'deploytarget', 'deployto']);

const normalized = (name: string): string => name.toLowerCase().replace(/[-_\s]/g, '');

/** The environments of devops.yaml, by name, as far as the decision needs them. */
export type EnvironmentProtection = Readonly<Record<string, { protected: boolean }>>;

/**
 * Protected environments of devops.yaml a trigger would deploy to, named as devops.yaml
 * spells them. Declared defaults count: the CI engine applies them when an input is left out.
 */
export function protectedEnvironments(target: TriggerTarget, values: Readonly<Record<string, string>>, environments: EnvironmentProtection): string[] {
  const effective = new Map<string, string>();
  for (const input of target.inputs) if (input.default !== undefined) effective.set(input.name, input.default);
  for (const [name, value] of Object.entries(values)) effective.set(name, value);
  const found = new Set<string>();
  for (const [name, value] of effective) {
    const declared = target.inputs.find((input) => input.name === name);
    if (declared?.type !== 'environment' && !environmentNames.has(normalized(name))) continue;
    const environment = Object.keys(environments).find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
    if (environment !== undefined && environments[environment].protected) found.add(environment);
  }
  return [...found];
}

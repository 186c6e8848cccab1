import { parseCliArgs } from '../cliArgs';
import type { DevopsConfig, EnvironmentConfig } from '../../core/config/schema';
import type { RunRequest } from '../../core/pipeline/pipelineEngine';
import { CliUsageError, exitCodes } from '../cliCommand';
import type { CliCommand, CliIo } from '../cliCommand';
import { loadConfig, runPipelineFromCli } from './run';

/** The options of every command that changes one environment (deploy, rollback). */
export const environmentOptions = `Options:
  -c, --config <path>   devops.yaml to use (default ./devops.yaml)
  --confirm <env>       confirm a protected environment; must name the same environment
  --json                print the finished run as JSON on stdout
  -h, --help            show this help
`;

const usage = `Usage: devops-loop deploy <environment> [options]

Deploys to an environment of devops.yaml with its deploy command, as the editor does:
one deploy per environment at a time, an audit record in .devops/deploys.jsonl, and
the run in the same history. An environment with \`target: { swarm: <service> }\` is
deployed by setting that Swarm service's image to the release's tag and following the
rollout; it is refused while the service's own rollout is in progress.
A protected environment needs --confirm <environment>.
Exits 0 when the deploy succeeded, 1 when it failed or was refused, 130 when interrupted.

${environmentOptions}`;

export const deployCommand: CliCommand = environmentCommand({
  name: 'deploy',
  summary: 'deploy to an environment; protected ones need --confirm <env>',
  usage,
  // The same run request as the editor's Deploy command: the run lands in history like any other.
  request: (environment) => ({ deployTo: environment }),
});

/**
 * A command that changes one environment as a run of the local runner: one environment
 * named, the protected rule, then the request's run (printed, or as JSON). `refuse` says why
 * an environment cannot take it, before anything runs.
 */
export function environmentCommand(spec: { name: string; summary: string; usage: string; request: (environment: string) => RunRequest; refuse?: (config: EnvironmentConfig, environment: string) => string | undefined }): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run(args, io) {
      const { values, positionals } = parseCliArgs(args, { config: { type: 'string', short: 'c' }, confirm: { type: 'string' }, json: { type: 'boolean' } });
      if (positionals.length !== 1) throw new CliUsageError(`expected one environment, got ${positionals.length}`);
      const [environment = ''] = positionals;
      const loaded = await loadConfig(values.config ?? 'devops.yaml', io);
      if (!loaded) return exitCodes.failed;
      if (!confirmedFor(spec.name, loaded.config, environment, values.confirm, io)) return exitCodes.failed;
      const refusal = spec.refuse?.(loaded.config.environments[environment], environment);
      if (refusal) {
        io.err(`devops-loop ${spec.name}: ${refusal}\n`);
        return exitCodes.failed;
      }
      return runPipelineFromCli(loaded.config, loaded.workspace, { ...spec.request(environment), confirmedEnvironments: values.confirm ? [environment] : [] }, io, values.json === true);
    },
  };
}

/**
 * The protected-environment rule every command that changes an environment shares: the
 * environment must exist, --confirm must name it, and a protected one needs it. False
 * (after saying why) when a protected environment was not confirmed.
 */
export function confirmedFor(command: string, config: DevopsConfig, environment: string, confirm: string | undefined, io: CliIo): boolean {
  const target = config.environments[environment];
  if (!target) throw new CliUsageError(`no environment named "${environment}" (environments: ${Object.keys(config.environments).join(', ') || 'none'})`);
  if (confirm !== undefined && confirm !== environment) throw new CliUsageError(`--confirm ${confirm} does not name the environment being changed (${environment})`);
  if (!target.protected || confirm === environment) return true;
  io.err(`devops-loop ${command}: "${environment}" is a protected environment: rerun with --confirm ${environment}\n`);
  return false;
}

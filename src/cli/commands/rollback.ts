import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes } from '../cliCommand';
import type { CliCommand } from '../cliCommand';
import { confirmedFor } from './deploy';
import { loadConfig, runPipelineFromCli } from './run';

const usage = `Usage: devops-loop rollback <environment> [options]

Rolls an environment's engine target back to what it ran before its last update (the
Swarm service's previous spec, with the version that deploy recorded), follows the
rollout to its end, and records it like a deploy: the run in history as
rollback-<environment>, an audit record in .devops/deploys.jsonl.
Refused while the target's own rollout is in progress, and when the engine keeps no
previous spec. A protected environment needs --confirm <environment>.
Exits 0 when the rollback succeeded, 1 when it failed or was refused, 130 when interrupted.

Options:
  -c, --config <path>   devops.yaml to use (default ./devops.yaml)
  --confirm <env>       confirm a protected environment; must name the same environment
  --json                print the finished run as JSON on stdout
  -h, --help            show this help
`;

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: "roll an environment's engine target back; protected ones need --confirm <env>",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string', short: 'c' }, confirm: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliUsageError(`expected one environment, got ${positionals.length}`);
    const [environment = ''] = positionals;
    const loaded = await loadConfig(values.config ?? 'devops.yaml', io);
    if (!loaded) return exitCodes.failed;
    if (!confirmedFor('rollback', loaded.config, environment, values.confirm, io)) return exitCodes.failed;
    if (!loaded.config.environments[environment]?.target) {
      io.err(`devops-loop rollback: "${environment}" deploys with a command, not to an engine target: there is no engine rollback to run\n`);
      return exitCodes.failed;
    }
    // The same run request as the editor's Rollback… command.
    return runPipelineFromCli(loaded.config, loaded.workspace, { deployTo: environment, deployAction: { kind: 'rollback' }, confirmedEnvironments: values.confirm ? [environment] : [] }, io, values.json === true);
  },
};

import { environmentCommand, environmentOptions } from './deploy';

const usage = `Usage: devops-loop rollback <environment> [options]

Rolls an environment's engine target back to what it ran before its last update (the
Swarm service's previous spec, with the version that deploy recorded), follows the
rollout to its end, and records it like a deploy: the run in history as
rollback-<environment>, an audit record in .devops/deploys.jsonl.
Refused while the target's own rollout is in progress, and when the engine keeps no
previous spec. A protected environment needs --confirm <environment>.
Exits 0 when the rollback succeeded, 1 when it failed or was refused, 130 when interrupted.

${environmentOptions}`;

export const rollbackCommand = environmentCommand({
  name: 'rollback',
  summary: "roll an environment's engine target back; protected ones need --confirm <env>",
  usage,
  // The same run request as the editor's Rollback… command.
  request: (environment) => ({ deployTo: environment, deployAction: { kind: 'rollback' } }),
  refuse: (config, environment) => (config.target ? undefined : `"${environment}" deploys with a command, not to an engine target: there is no engine rollback to run`),
});

import { maxReplicas } from '../../core/engines/workloadActions';
import { canDo } from '../../core/engines/workloadActions';
import { DevopsError } from '../../core/errors';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes, type CliCommand } from '../cliCommand';
import { backendOf, findService, readEngineServices } from '../engineServices';
import { loadConfig } from './run';

const usage = `Usage: devops-loop scale <service> <replicas> --confirm <service> [--config path]

Sets how many replicas of a service run: a Swarm service (updated with its version, so a
concurrent change is not overwritten) or a Compose service (new containers are made from
its newest container's configuration; scaling down removes the highest-numbered ones and
keeps their volumes). <service> is a service of devops.yaml with runsOn, or a workload as
\`devops-loop services\` names it. Like a protected deploy, it changes what runs, so it
needs --confirm with the same name; without it, it says what it would do and exits 1.

Options:
  -c, --config <path>  devops.yaml to read (default ./devops.yaml; a folder means its devops.yaml)
  --confirm <service>  confirm the change; must name the same service
  -h, --help           show this help
`;

export const scaleCommand: CliCommand = {
  name: 'scale',
  summary: 'set the replicas of a Swarm or Compose service; needs --confirm <service>',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string', short: 'c' }, confirm: { type: 'string' } });
    if (positionals.length !== 2) throw new CliUsageError(`expected a service and a replica count, got ${positionals.length} arguments`);
    const [name = '', countText = ''] = positionals;
    if (!/^\d+$/.test(countText) || Number(countText) > maxReplicas) throw new CliUsageError(`replicas must be a whole number from 0 to ${maxReplicas}, not "${countText}"`);
    const replicas = Number(countText);
    if (values.confirm !== undefined && values.confirm !== name) throw new CliUsageError(`--confirm ${values.confirm} does not name the service being scaled (${name})`);
    const loaded = await loadConfig(values.config ?? 'devops.yaml', io);
    if (!loaded) return exitCodes.failed;
    const view = await readEngineServices(loaded.config, new AbortController().signal, loaded.workspace);
    for (const refusal of view.refused) io.err(`devops-loop scale: ${refusal.engine}: ${refusal.message}\n`);
    const found = findService(view.services, name);
    if ('error' in found) {
      io.err(`devops-loop scale: ${found.error}\n`);
      return exitCodes.failed;
    }
    const { service } = found;
    const workload = service.workload;
    const backend = backendOf(view, service);
    if (!workload || !backend) {
      io.err(`devops-loop scale: ${name} has no live workload to scale: ${service.problem ?? 'it runs on no engine (add runsOn to it in devops.yaml)'}\n`);
      return exitCodes.failed;
    }
    if (!canDo(backend, workload, 'scale')) {
      io.err(`devops-loop scale: ${name} is a ${workload.kind.replace('-', ' ')}, which has no replicas to scale\n`);
      return exitCodes.failed;
    }
    const now = workload.replicas ? `${workload.replicas.ready}/${workload.replicas.desired} ready` : 'running';
    if (values.confirm !== name) {
      io.err(`devops-loop scale: this would scale ${name} (${workload.id}, ${now}) to ${replicas}; rerun with --confirm ${name}\n`);
      return exitCodes.failed;
    }
    try {
      await backend.scale!(workload, replicas, new AbortController().signal);
    } catch (error) {
      if (!DevopsError.is(error)) throw error;
      io.err(`devops-loop scale: ${error.message}\n`);
      return exitCodes.failed;
    }
    io.out(`Scaled ${name} (${workload.id}) from ${workload.replicas?.desired ?? 1} to ${replicas} replicas; \`devops-loop services\` shows them as they start.\n`);
    return exitCodes.ok;
  },
};

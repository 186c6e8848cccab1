import type { EngineSnapshot } from '../../core/engines/engineTypes';
import type { LiveService } from '../../core/engines/liveServices';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes, type CliCommand, type CliIo } from '../cliCommand';
import { readEngineServices } from '../engineServices';
import { loadConfig } from './run';

const usage = `Usage: devops-loop services [--config path] [--json]

Prints every service: the ones devops.yaml declares (with the live state of the workload
their runsOn names) and the workloads the engines of \`engines:\` run that nobody declared
(Docker containers, Compose services by their labels, Swarm services), with their engine,
state, health and replicas (ready/desired). Reads each engine once and exits: 0 when every
engine answered, 1 when one did not (its error is printed) or devops.yaml is invalid.

Options:
  -c, --config <path>  devops.yaml to read (default ./devops.yaml; a folder means its devops.yaml)
  --json               print {services: [{name, engine, state, health, replicas: {desired, ready}, …}], engines: [{id, stale, error}]}
  -h, --help           show this help
`;

/** One service as --json prints it. */
export interface ServiceLine {
  name: string;
  /** The engine backend (e.g. "docker"), or null for a declared service on no engine. */
  engine: string | null;
  state: string;
  health: string;
  replicas: { desired: number; ready: number } | null;
  declared: boolean;
  /** Workload id, e.g. docker/compose-service/shop/web. */
  id: string;
  kind: string | null;
  /** Compose project, Swarm stack or namespace. */
  group: string | null;
  image: string | null;
  version: string | null;
  restarts: number | null;
  /** True when the engine's data may be outdated. */
  stale: boolean;
  /** Why a declared service has no live state. */
  detail?: string;
}

export const servicesCommand: CliCommand = {
  name: 'services',
  summary: 'list declared services and what the engines run: state, health, replicas',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string', short: 'c' }, json: { type: 'boolean' } });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const loaded = await loadConfig(values.config ?? 'devops.yaml', io);
    if (!loaded) return exitCodes.failed;
    const view = await readEngineServices(loaded.config, new AbortController().signal, loaded.workspace);
    const lines = view.services.all.map(serviceLine);
    const failed = view.snapshots.filter((s) => s.error !== undefined);
    for (const refusal of view.refused) io.err(`devops-loop services: ${refusal.engine}: ${refusal.message}\n`);
    for (const snapshot of failed) io.err(`devops-loop services: ${snapshot.engineId}: ${snapshot.error?.message ?? ''}\n`);
    if (values.json) io.out(`${JSON.stringify({ services: lines, engines: view.snapshots.map(engineLine) }, null, 2)}\n`);
    else printTable(lines, io);
    return failed.length > 0 || view.refused.length > 0 ? exitCodes.failed : exitCodes.ok;
  },
};

function serviceLine(service: LiveService): ServiceLine {
  const workload = service.workload;
  return {
    name: service.name,
    engine: service.engineId ?? null,
    state: workload?.state ?? (service.binding ? 'not-found' : 'unknown'),
    health: workload?.health ?? 'none',
    replicas: workload?.replicas ?? null,
    declared: service.declared,
    id: workload?.id ?? service.id,
    kind: workload?.kind ?? null,
    group: workload?.group?.name ?? null,
    image: workload?.image ?? null,
    version: workload?.version ?? null,
    restarts: workload ? workload.restarts : null,
    stale: service.stale,
    detail: service.problem ?? (service.declared && !service.binding ? 'runs on no engine (no runsOn); `devops-loop status` probes it' : undefined),
  };
}

function engineLine(snapshot: EngineSnapshot): { id: string; engine: string; stale: boolean; error: { reason: string; message: string } | null } {
  return { id: snapshot.engineId, engine: snapshot.engine, stale: snapshot.stale, error: snapshot.error ?? null };
}

function printTable(lines: ServiceLine[], io: CliIo): void {
  if (lines.length === 0) {
    io.out('No services: devops.yaml declares none and no engine runs any (add `engines: { docker: {} }` to read a Docker engine).\n');
    return;
  }
  const rows = lines.map((l) => [
    l.name,
    l.engine ?? '-',
    l.state + (l.stale ? ' (stale)' : ''),
    l.health,
    l.replicas ? `${l.replicas.ready}/${l.replicas.desired}` : '-',
    [l.kind ? `${l.kind}${l.group ? ` in ${l.group}` : ''}` : '', l.declared ? 'declared' : '', l.detail ?? ''].filter(Boolean).join('; '),
  ]);
  const header = ['NAME', 'ENGINE', 'STATE', 'HEALTH', 'READY', 'WHAT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (row: string[]): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
  io.out(`${[header, ...rows].map(format).join('\n')}\n`);
}

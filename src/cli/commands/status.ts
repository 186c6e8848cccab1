import { dirname, resolve } from 'node:path';
import { openNetwork } from '../../backends/http/openNetwork';
import { createProbe } from '../../backends/probes/createProbe';
import { cliProcessRunner } from '../cliProcessRunner';
import { loadDevopsConfigFile } from '../../core/config/loader';
import { formatProblem } from '../../core/config/problem';
import type { DevopsConfig } from '../../core/config/schema';
import { DevopsError } from '../../core/errors';
import { parseDurationMs } from '../../core/duration';
import { probeRound, type RoundEntry } from '../../core/services/probeRound';
import { summarizeServices } from '../../core/services/serviceSummary';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes } from '../cliCommand';
import type { CliCommand } from '../cliCommand';
import { resolveConfigPath } from '../configPath';
import { alertsSection } from './alertsStatus';
import { pipelineSection } from './pipelineStatus';
import { formatSections, type StatusContext, type StatusItem, type StatusSection } from './statusReport';

const usage = `Usage: devops-loop status [path] [--json] [--watch <duration>] [--timeout <duration>]

Probes every service of devops.yaml once (default ./devops.yaml; a folder means its
devops.yaml) and prints each one's health, then the pipeline's last run and what each
environment runs (from .devops/), then the alert rules of monitor.alerts, measured now:
host CPU, memory and disk, the services' probes of this run, and Prometheus queries
when monitor.prometheus is set and answers.

A rule with \`for: 2m\` fires only once its threshold has held that long. One pass
cannot prove that: such a rule whose threshold is crossed now shows as "pending" (not
held yet), never as firing. --watch 2m keeps measuring for 2 minutes (every 5 s at
most) so rules held that long can fire.

Exits 0 when everything is up, nothing failed and no alert fires at critical level;
1 otherwise. Warning and pending alerts are printed but do not change the exit code.

Options:
  --json                print {ok, sections: [{name, state, ok, summary, items}]} as JSON
  --watch <duration>    sample the alert rules for this long, e.g. 30s, 2m (default: one pass)
  --timeout <duration>  limit of each Prometheus query (default 5s)
  -h, --help            show this help
`;

/** Builds one section from the loaded config; a new area adds one of these to `statusSections`. */
export type StatusSectionSource = (config: DevopsConfig, context: StatusContext) => Promise<StatusSection>;

export async function servicesSection(_config: DevopsConfig, context: StatusContext): Promise<StatusSection> {
  const entries = await context.probes();
  const items: StatusItem[] = entries.map((e) =>
    e.result
      ? { name: e.name, state: e.result.state, detail: e.result.detail, target: e.target, latencyMs: e.result.latencyMs }
      : { name: e.name, state: 'unknown', detail: 'no health check' },
  );
  const summary = summarizeServices(entries.map((e) => ({ name: e.name, state: e.result?.state ?? 'unknown', probed: e.result !== undefined })));
  const detail = summary.total > 0 && summary.up < summary.total && !summary.text.includes('/') ? ` (${summary.up}/${summary.total} up)` : '';
  return { name: 'services', state: summary.state, ok: summary.up === summary.total, summary: summary.text + detail, items };
}

/** The sections `status` prints, in order. */
export const statusSections: StatusSectionSource[] = [servicesSection, pipelineSection, alertsSection];

export const statusCommand: CliCommand = {
  name: 'status',
  summary: "print the services' health, the last run, each environment's deploy and firing alerts; exit 1 unless all is well",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' }, watch: { type: 'string' }, timeout: { type: 'string' } });
    if (positionals.length > 1) throw new CliUsageError(`expected at most one path, got ${positionals.length}`);
    const watchMs = durationOption('--watch', values.watch, 0);
    const prometheusTimeoutMs = durationOption('--timeout', values.timeout, 5000);
    const configPath = await resolveConfigPath(positionals[0] ?? 'devops.yaml');
    const { config, problems } = await loadDevopsConfigFile(configPath);
    if (!config) {
      for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
      io.err(`${configPath}: cannot show status of an invalid config; run \`devops-loop check\`\n`);
      return exitCodes.failed;
    }
    const configDir = dirname(resolve(configPath));
    const signal = new AbortController().signal;
    const probeAgain = serviceProber(config, configDir, signal);
    const firstRound = once(probeAgain);
    const context: StatusContext = { configDir, signal, probes: firstRound, probeAgain, watchMs, prometheusTimeoutMs };
    const sections = await Promise.all(statusSections.map((source) => source(config, context)));
    const ok = sections.every((s) => s.ok);
    if (values.json) io.out(`${JSON.stringify({ ok, sections }, null, 2)}\n`);
    else io.out(formatSections(sections));
    return ok ? exitCodes.ok : exitCodes.failed;
  },
};

function serviceProber(config: DevopsConfig, configDir: string, signal: AbortSignal): () => Promise<RoundEntry[]> {
  const runner = cliProcessRunner();
  return () =>
    probeRound(config.services, {
      signal,
      createProbe: (name, service) => (service.health ? createProbe(service.health, { service: name, cwd: configDir, runner, network: openNetwork }) : undefined),
    });
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= make());
}

function durationOption(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  try {
    return parseDurationMs(text);
  } catch (error) {
    if (DevopsError.is(error, 'invalid-config')) throw new CliUsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

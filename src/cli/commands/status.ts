import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createProbe } from '../../backends/probes/createProbe';
import { NodeProcessRunner } from '../../backends/process/nodeProcessRunner';
import { loadDevopsConfigFile } from '../../core/config/loader';
import { formatProblem } from '../../core/config/problem';
import type { DevopsConfig } from '../../core/config/schema';
import type { HealthState } from '../../core/services/healthTypes';
import { probeRound } from '../../core/services/probeRound';
import { summarizeServices } from '../../core/services/serviceSummary';
import { CliUsageError, exitCodes } from '../cliCommand';
import { pipelineSection } from './pipelineStatus';
import type { CliCommand } from '../cliCommand';
import { resolveConfigPath } from '../configPath';

const usage = `Usage: devops-loop status [path] [--json]

Probes every service of devops.yaml once (default ./devops.yaml; a folder means its
devops.yaml) and prints each one's health, then the pipeline's last run and what each
environment runs (from .devops/). Exits 0 when everything is up and nothing failed, 1 otherwise.

Options:
  --json      print {ok, sections: [{name, state, ok, summary, items}]} as JSON
  -h, --help  show this help
`;

/** One line of a section: a service (later also a pipeline stage, an alert). */
export interface StatusItem {
  /** Service, stage or alert name. */
  name: string;
  /** Its state; unknown when not checked. */
  state: HealthState;
  /** One line: the probe's detail or why it was not checked. */
  detail: string;
  /** What was checked, e.g. "GET http://localhost:3000/healthz". */
  target?: string;
  /** Latency of the check, when there was an answer. */
  latencyMs?: number;
}

/** One part of the status report; pipeline and alerts add their own sections. */
export interface StatusSection {
  /** "services", later "pipeline", "alerts". */
  name: string;
  /** Worst state of the section. */
  state: HealthState;
  /** Whether this section lets the exit code be 0. */
  ok: boolean;
  /** Short line, e.g. "5/5 up" or "api down". */
  summary: string;
  /** Lines in declaration order. */
  items: StatusItem[];
}

/** Builds one section from the loaded config; a new area adds one of these to `statusSections`. */
export type StatusSectionSource = (config: DevopsConfig, context: { configDir: string; signal: AbortSignal }) => Promise<StatusSection>;

export async function servicesSection(config: DevopsConfig, context: { configDir: string; signal: AbortSignal }): Promise<StatusSection> {
  // The CLI runs in the user's own shell, as their scripts do: there is no workspace to trust.
  const runner = new NodeProcessRunner({ isTrusted: () => true });
  const entries = await probeRound(config.services, {
    signal: context.signal,
    createProbe: (_name, service) => (service.health ? createProbe(service.health, { cwd: context.configDir, runner }) : undefined),
  });
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
export const statusSections: StatusSectionSource[] = [servicesSection, pipelineSection];

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'print the services\' health, the last run and each environment\'s deploy; exit 1 unless all is well',
  usage,
  async run(args, io) {
    const { values, positionals } = parseStatusArgs(args);
    if (values.help) {
      io.out(usage);
      return exitCodes.ok;
    }
    if (positionals.length > 1) throw new CliUsageError(`expected at most one path, got ${positionals.length}`);
    const configPath = await resolveConfigPath(positionals[0] ?? 'devops.yaml');
    const { config, problems } = await loadDevopsConfigFile(configPath);
    if (!config) {
      for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
      io.err(`${configPath}: cannot show status of an invalid config; run \`devops-loop check\`\n`);
      return exitCodes.failed;
    }
    const context = { configDir: dirname(resolve(configPath)), signal: new AbortController().signal };
    const sections = await Promise.all(statusSections.map((source) => source(config, context)));
    const ok = sections.every((s) => s.ok);
    if (values.json) io.out(`${JSON.stringify({ ok, sections }, null, 2)}\n`);
    else io.out(formatSections(sections));
    return ok ? exitCodes.ok : exitCodes.failed;
  },
};

const stateMark: Record<HealthState, string> = { up: 'up', degraded: 'degraded', down: 'DOWN', unknown: '-' };

/** Plain text, one block per section, aligned columns. */
export function formatSections(sections: readonly StatusSection[]): string {
  let text = '';
  for (const section of sections) {
    text += `${capitalize(section.name)}: ${section.summary}\n`;
    const nameWidth = Math.max(0, ...section.items.map((i) => i.name.length));
    for (const item of section.items) {
      const latency = item.latencyMs === undefined ? '' : `${item.latencyMs} ms`;
      text += `  ${stateMark[item.state].padEnd(8)}  ${item.name.padEnd(nameWidth)}  ${latency.padStart(7)}  ${item.detail}\n`;
    }
  }
  return text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function parseStatusArgs(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

// `devops-loop logs <service>`: follows a service's declared logs in a terminal, merged in
// time order, each line prefixed with its source and level, until Ctrl+C.
import { dirname, resolve } from 'node:path';
import { serviceLogSources } from '../../backends/logs/configuredLogSources';
import { EngineLogSource } from '../../backends/logs/engineLogSource';
import type { DevopsConfig } from '../../core/config/schema';
import { loadDevopsConfigFile } from '../../core/config/loader';
import { formatProblem } from '../../core/config/problem';
import { DevopsError } from '../../core/errors';
import { LogModel } from '../../core/monitor/logModel';
import type { LogLevel, LogLine, LogSource } from '../../core/monitor/logTypes';
import type { ProcessRunner } from '../../core/ports';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes, type CliCommand, type CliIo } from '../cliCommand';
import { cliProcessRunner } from '../cliProcessRunner';
import { resolveConfigPath } from '../configPath';
import { backendOf, findService, readEngineServices } from '../engineServices';

const usage = `Usage: devops-loop logs <service> [--config path] [--from-start] [--no-color]

Follows the logs that devops.yaml declares for <service> (services.<service>.logs:
files followed across rotation and truncation, and log commands) and, when it runs on
an engine (runsOn, or a workload as \`devops-loop services\` names it), the logs of
its containers or tasks, each as <service>:<member>. Merged in time order, each line
prefixed with its source and level. Stops on Ctrl+C.

Options:
  -c, --config <path>  devops.yaml to read (default ./devops.yaml; a folder means its devops.yaml)
  --from-start         print what the files and containers already hold first (default: only new lines)
  --no-color           no ANSI colours (also when NO_COLOR is set or output is not a terminal)
  -h, --help           show this help
`;

/** What the command needs from outside; tests pass their own. */
export interface LogsCommandDeps {
  /** Runs log commands; the CLI runs in the user's own terminal, so it is trusted. */
  runner?: ProcessRunner;
  /** Ends following; default: Ctrl+C (SIGINT) or SIGTERM. */
  stopSignal?: () => { signal: AbortSignal; release(): void };
  /** Whether colours may be used at all (a TTY and no NO_COLOR). */
  colorAllowed?: boolean;
  /** File check interval in ms. */
  pollMs?: number;
}

export function createLogsCommand(deps: LogsCommandDeps = {}): CliCommand {
  return {
    name: 'logs',
    summary: "follow a service's declared logs until Ctrl+C",
    usage,
    run: (args, io) => runLogs(args, io, deps),
  };
}

export const logsCommand: CliCommand = createLogsCommand();

async function runLogs(args: readonly string[], io: CliIo, deps: LogsCommandDeps): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { config: { type: 'string', short: 'c' }, 'from-start': { type: 'boolean' }, 'no-color': { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliUsageError('expected one service name');
  const service = positionals[0];
  const configPath = await resolveConfigPath(values.config ?? 'devops.yaml');
  const { config, problems } = await loadDevopsConfigFile(configPath);
  if (!config) {
    for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
    return exitCodes.failed;
  }
  const runner = deps.runner ?? cliProcessRunner();
  const fromStart = values['from-start'] === true;
  let sources: LogSource[];
  let live: { sources: LogSource[]; problem?: string };
  try {
    live = await engineLogSources(config, service, fromStart);
    // An unknown name is an error naming the declared services, unless an engine runs a workload of that name.
    const known = config.services[service] !== undefined || live.sources.length === 0;
    sources = [...(known ? serviceLogSources(config, service, { baseDir: dirname(resolve(configPath)), runner, fromStart, pollMs: deps.pollMs }) : []), ...live.sources];
  } catch (error) {
    if (!DevopsError.is(error)) throw error;
    io.err(`devops-loop logs: ${error.message}\n`);
    return exitCodes.failed;
  }
  if (live.problem !== undefined) io.err(`devops-loop logs: ${service}: ${live.problem}\n`);
  if (sources.length === 0) {
    if (live.problem === undefined) io.err(`devops-loop logs: service "${service}" declares no logs (add services.${service}.logs with a file or a command, or runsOn to follow its containers)\n`);
    return exitCodes.failed;
  }
  const color = values['no-color'] !== true && (deps.colorAllowed ?? (process.stdout.isTTY === true && !process.env.NO_COLOR));
  const width = Math.max(...sources.map((s) => s.name.length));
  const model = new LogModel({ capacity: 10_000 });
  let failed = false;
  model.onDidAppend(({ lines }) => io.out(lines.map((line) => formatLine(line, width, color)).join('')));
  model.onDidChangeSourceStatus(({ source, status }) => {
    if (status.state === 'error') failed = true;
    io.err(`${dim(`[${source}] ${status.message}`, color)}\n`);
  });
  const stop = (deps.stopSignal ?? processStopSignal)();
  try {
    await Promise.all(sources.map((source) => source.follow(model, stop.signal)));
  } finally {
    stop.release();
    model.dispose();
  }
  return failed && !stop.signal.aborted ? exitCodes.failed : exitCodes.ok;
}

const LEVEL_STYLE: Record<LogLevel, { label: string; sgr: string }> = {
  error: { label: 'ERROR', sgr: '31' },
  warn: { label: 'WARN ', sgr: '33' },
  info: { label: 'INFO ', sgr: '32' },
  debug: { label: 'DEBUG', sgr: '90' },
  unknown: { label: '     ', sgr: '' },
};

/** `source | LEVEL text`, with the line's control sequences made harmless. */
export function formatLine(line: LogLine, sourceWidth: number, color: boolean): string {
  const style = LEVEL_STYLE[line.level];
  const level = color && style.sgr ? `\x1b[${style.sgr}m${style.label}\x1b[0m` : style.label;
  return `${dim(`${line.source.padEnd(sourceWidth)} |`, color)} ${level} ${terminalSafe(line.text, color)}\n`;
}

/**
 * Log text must not drive the terminal: colour codes stay when colours are on, every
 * other escape sequence (cursor moves, title changes, OSC links) and control character goes.
 */
export function terminalSafe(text: string, keepColors: boolean): string {
  const withoutEscapes = text.replace(ESCAPE, (seq) => (keepColors && SGR.test(seq) ? seq : ''));
  return withoutEscapes.replace(CONTROL, '') + (keepColors && withoutEscapes.includes('\x1b[') ? '\x1b[0m' : '');
}

// CSI sequences, OSC strings (to BEL or ST) and two-byte escapes; a lone ESC too.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])?/g;
// eslint-disable-next-line no-control-regex
const SGR = /^\x1b\[[0-9;]*m$/;
// Control characters but tab (and ESC, already handled).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g;

function dim(text: string, color: boolean): string {
  return color ? `\x1b[2m${text}\x1b[0m` : text;
}

// The engine's logs of a service bound with runsOn, or of a workload named as `services` lists
// it; when it is bound but not running, why.
async function engineLogSources(config: DevopsConfig, service: string, fromStart: boolean): Promise<{ sources: LogSource[]; problem?: string }> {
  const declared = config.services[service];
  if (config.engines === undefined || (declared !== undefined && declared.runsOn === undefined)) return { sources: [] };
  const view = await readEngineServices(config, new AbortController().signal);
  const found = findService(view.services, service);
  if ('error' in found) return { sources: [] };
  const backend = backendOf(view, found.service);
  if (!found.service.workload || !backend) return { sources: [], problem: found.service.problem ?? 'not running on an engine' };
  return { sources: [new EngineLogSource({ name: service, backend, workload: found.service.workload, tail: fromStart ? undefined : 0 })] };
}

function processStopSignal(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

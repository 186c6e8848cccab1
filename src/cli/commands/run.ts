import { dirname, relative, resolve } from 'node:path';
import { openNetwork } from '../../backends/http/openNetwork';
import { allowCredentialHelpers } from '../../backends/engines/kubernetes/credentialHelper';
import { createLocalPipeline } from '../../backends/pipeline/local/localPipeline';
import { loadDevopsConfigFile } from '../../core/config/loader';
import { formatProblem } from '../../core/config/problem';
import type { DevopsConfig } from '../../core/config/schema';
import { DevopsError } from '../../core/errors';
import type { RunRequest } from '../../core/pipeline/pipelineEngine';
import { testsText } from '../../core/pipeline/runText';
import type { PipelineRun, StageRun } from '../../core/pipeline/runTypes';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes } from '../cliCommand';
import { cliProcessRunner } from '../cliProcessRunner';
import type { CliCommand, CliIo } from '../cliCommand';
import { resolveConfigPath } from '../configPath';

const usage = `Usage: devops-loop run [stage…] [options]

Runs the pipeline of devops.yaml (all stages, or only the named ones) with the local
runner, as the editor does: same logs (.devops/runs/<run>/<stage>.log) and history.
Stage output is printed as it arrives, each line prefixed with its stage.
Exits 0 when every stage succeeded, 1 when one failed, 130 when interrupted.

Options:
  -c, --config <path>   devops.yaml to use (default ./devops.yaml; a folder means its devops.yaml)
  -n, --with-needs      also run the stages the named ones need
  --confirm <env>       confirm a deploy to a protected environment (repeatable)
  --json                print the finished run as JSON on stdout instead of stage output
  -h, --help            show this help
`;

/** 130 = 128 + SIGINT, what shells report for an interrupted job. */
export const interruptedExitCode = 130;

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run pipeline stages with the local runner; exit 1 if a stage fails',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      config: { type: 'string', short: 'c' },
      'with-needs': { type: 'boolean', short: 'n' },
      confirm: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const loaded = await loadConfig(values.config ?? 'devops.yaml', io);
    if (!loaded) return exitCodes.failed;
    const request: RunRequest = { stages: positionals, includeNeeds: values['with-needs'] === true, confirmedEnvironments: values.confirm ?? [] };
    return runPipelineFromCli(loaded.config, loaded.workspace, request, io, values.json === true);
  },
};

/** Loads and validates devops.yaml, printing its problems; undefined when it is invalid. */
export async function loadConfig(path: string, io: CliIo): Promise<{ config: DevopsConfig; workspace: string } | undefined> {
  const file = await resolveConfigPath(path);
  const { config, problems } = await loadDevopsConfigFile(file);
  if (!config) {
    for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
    io.err(`${file}: the config is invalid; run \`devops-loop check\`\n`);
    return undefined;
  }
  return { config, workspace: dirname(resolve(file)) };
}

/** Runs a request the way CI needs it: live prefixed output, a summary, an exit code. Shared with `deploy`. */
export async function runPipelineFromCli(config: DevopsConfig, workspace: string, request: RunRequest, io: CliIo, json: boolean): Promise<number> {
  const runner = cliProcessRunner();
  const pipeline = createLocalPipeline({ workspace, config, runner, isTrusted: () => true, onWarning: (m) => io.err(`warning: ${m}\n`), network: openNetwork, allowCredentialHelper: allowCredentialHelpers });
  const prefixer = new LinePrefixer((text) => io.out(text));
  if (!json) {
    pipeline.engine.onDidOutput(({ stage, chunk }) => prefixer.write(stage, chunk));
    pipeline.engine.onDidChangeStage(({ stage }) => {
      if (stage.status === 'running') io.err(`▶ ${stage.name}\n`);
      else if (stage.status !== 'waiting') prefixer.flush(stage.name);
    });
  }
  const interrupt = (): void => void pipeline.engine.cancel();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await pipeline.load();
    const run = await pipeline.run(request);
    if (json) io.out(`${JSON.stringify(run, null, 2)}\n`);
    io.err(summarize(run));
    return run.status === 'succeeded' ? exitCodes.ok : run.status === 'cancelled' ? interruptedExitCode : exitCodes.failed;
  } catch (error) {
    if (DevopsError.is(error, 'not-found')) throw new CliUsageError(error.message);
    if (DevopsError.is(error)) {
      io.err(`devops-loop: ${error.message}\n`);
      return exitCodes.failed;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    pipeline.dispose();
  }
}

const mark: Record<StageRun['status'], string> = { waiting: '·', running: '…', succeeded: '✔', failed: '✖', cancelled: '⊘', skipped: '-' };

/** The end-of-run summary: one line per stage, failed tests as file:line lines editors and CI link. */
export function summarize(run: PipelineRun): string {
  const width = Math.max(...run.stages.map((s) => s.name.length));
  let text = `\nRun ${run.id}: ${run.status}\n`;
  for (const stage of run.stages) {
    const duration = stage.durationMs === undefined ? '' : `${(stage.durationMs / 1000).toFixed(1)}s`;
    const tests = stage.tests ? ` [${testsText(stage.tests)}]` : '';
    text += `${mark[stage.status]} ${stage.name.padEnd(width)} ${stage.status.padEnd(9)} ${duration.padStart(7)}${tests}${stage.reason ? `  ${stage.reason}` : ''}\n`;
    for (const failure of stage.tests?.failures ?? []) {
      const where = failure.file ? `${failure.file}${failure.line ? `:${failure.line}` : ''}: ` : '';
      text += `    ${where}error: ${failure.name}: ${failure.message}\n`;
    }
    if (stage.status === 'failed') text += `    log: ${relative(process.cwd(), stage.logFile) || stage.logFile}\n`;
  }
  return text;
}

/** Prefixes each output line with its stage, keeping partial lines until they end. */
class LinePrefixer {
  private partial = new Map<string, string>();
  constructor(private readonly out: (text: string) => void) {}

  write(stage: string, chunk: Buffer): void {
    const text = (this.partial.get(stage) ?? '') + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    this.partial.set(stage, text.slice(end + 1));
    if (end >= 0) this.out(text.slice(0, end + 1).replace(/^(?=.)/gm, `${stage} | `).replace(/^$(?=\n)/gm, `${stage} |`));
  }

  flush(stage: string): void {
    const rest = this.partial.get(stage);
    if (rest) this.out(`${stage} | ${rest}\n`);
    this.partial.delete(stage);
  }
}

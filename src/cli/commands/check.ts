import { dirname, isAbsolute, join } from 'node:path';
import { loadDevopsConfigFile } from '../../core/config/loader';
import { fileError, formatProblem, hasErrors } from '../../core/config/problem';
import type { Problem } from '../../core/config/problem';
import { loadSprintFile } from '../../core/plan/sprintParser';
import { DevopsError } from '../../core/errors';
import { resolveInWorkspace } from '../../core/workspacePath';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes } from '../cliCommand';
import type { CliCommand, CliIo } from '../cliCommand';
import { resolveConfigPath } from '../configPath';

const usage = `Usage: devops-loop check [path] [--json]

Checks devops.yaml (default ./devops.yaml; a folder means its devops.yaml) and, when
plan.provider is "file", the sprint file it names. Prints each problem as
  path:line:col: error|warning: message
and exits 1 when there is an error, 0 otherwise.

Options:
  --json      print {files, errorCount, warningCount, problems} as JSON instead
  -h, --help  show this help
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check devops.yaml and its sprint file; exit 1 on errors',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' } });
    if (positionals.length > 1) throw new CliUsageError(`expected at most one path, got ${positionals.length}`);
    const configPath = await resolveConfigPath(positionals[0] ?? 'devops.yaml');
    const files = [configPath];
    const { config, problems } = await loadDevopsConfigFile(configPath);
    if (config?.plan?.provider === 'file') {
      const sprintPath = isAbsolute(config.plan.file) ? config.plan.file : join(dirname(configPath), config.plan.file);
      files.push(sprintPath);
      const refused = await resolveInWorkspace(dirname(configPath), config.plan.file, 'plan.file').then(
        () => undefined,
        (error: unknown) => (DevopsError.is(error) ? error.message : String(error)),
      );
      if (refused === undefined) problems.push(...(await loadSprintFile(sprintPath, config.plan.statuses)).problems);
      else problems.push(fileError(sprintPath, 'path-outside', refused));
    }
    report(files, problems, values.json === true, io);
    return hasErrors(problems) ? exitCodes.failed : exitCodes.ok;
  },
};

function report(files: string[], problems: readonly Problem[], json: boolean, io: CliIo): void {
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  const warningCount = problems.length - errorCount;
  if (json) {
    io.out(`${JSON.stringify({ files, errorCount, warningCount, problems }, null, 2)}\n`);
    return;
  }
  for (const problem of problems) io.out(`${formatProblem(problem)}\n`);
  const counts = problems.length === 0 ? 'no problems' : `${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}`;
  io.err(`${files.join(', ')}: ${counts}\n`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

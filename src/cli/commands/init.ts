import { stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { directoryRepo } from '../../backends/scaffold/directoryRepo';
import { formatNote, scaffoldRepository } from '../../backends/scaffold/scaffold';
import { parseCliArgs } from '../cliArgs';
import { CliUsageError, exitCodes } from '../cliCommand';
import type { CliCommand } from '../cliCommand';

const usage = `Usage: devops-loop init [path] [--print]

Writes a first devops.yaml into the repository at path (default: the current folder),
from what it already has: package.json scripts, Makefile targets, the build and test
commands of pyproject, Cargo, Go, Maven and Gradle projects, compose files, Kubernetes
manifests, and CI files (.github/workflows → a GitHub entry for the origin remote,
.gitlab-ci.yml → a GitLab entry, Jenkinsfile → a commented Jenkins entry to fill in).
What could not be taken over is printed on stderr as
  file:line: note: message
The file passes \`devops-loop check\`. An existing devops.yaml is never overwritten.

Options:
  --print     print the file on stdout and write nothing
  -h, --help  show this help
`;

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'write a first devops.yaml from the repository (package.json, compose, manifests, CI)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { print: { type: 'boolean' } });
    if (positionals.length > 1) throw new CliUsageError(`expected at most one path, got ${positionals.length}`);
    const root = resolve(positionals[0] ?? '.');
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new CliUsageError(`${positionals[0] ?? '.'} is not a folder`);
    const target = join(root, 'devops.yaml');
    const shown = relative(process.cwd(), target) || 'devops.yaml';
    if (values.print !== true && (await stat(target).catch(() => undefined))) {
      io.err(`devops-loop init: ${shown} already exists; it is left as it is (run \`devops-loop init --print\` to see what init would write)\n`);
      return exitCodes.failed;
    }
    const scaffold = await scaffoldRepository(directoryRepo(root), root);
    const prefix = relative(process.cwd(), root);
    for (const note of scaffold.notes) io.err(`${formatNote({ ...note, file: prefix && !prefix.startsWith('..') ? `${prefix}/${note.file}` : note.file })}\n`);
    if (values.print === true) {
      io.out(scaffold.text);
      return exitCodes.ok;
    }
    try {
      // wx: should a devops.yaml appear meanwhile, it still is not overwritten.
      await writeFile(target, scaffold.text, { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      io.err(`devops-loop init: cannot write ${shown} (${code})\n`);
      return exitCodes.failed;
    }
    const { services, stages, ci } = scaffold.counts;
    io.err(`wrote ${shown}: ${plural(services, 'service')}, ${plural(stages, 'stage')}, ${plural(ci, 'CI entry', 'CI entries')}${scaffold.notes.length > 0 ? `, ${plural(scaffold.notes.length, 'note')} above` : ''}\n`);
    return exitCodes.ok;
  },
};

function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}

import { version } from '../../package.json';
import { didYouMean } from '../core/yaml/didYouMean';
import { CliHelpRequest, CliUsageError, exitCodes } from './cliCommand';
import type { CliCommand, CliIo } from './cliCommand';
import { commands as defaultCommands } from './commands/index';

/** Runs `devops-loop <argv…>` and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = defaultCommands): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(helpText(commands));
    return exitCodes.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = commands.find((c) => c.name === rest[0]);
    io.out(topic ? topic.usage : helpText(commands));
    return exitCodes.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const hint = didYouMean(name, commands.map((c) => c.name));
    io.err(`devops-loop: unknown command \`${name}\`${hint}\n\n${helpText(commands)}`);
    return exitCodes.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliHelpRequest) {
      io.out(command.usage);
      return exitCodes.ok;
    }
    if (error instanceof CliUsageError) {
      io.err(`devops-loop ${command.name}: ${error.message}\nRun \`devops-loop ${command.name} --help\` for usage.\n`);
      return exitCodes.usage;
    }
    // One line, no stack: the user can report it; a developer can rerun under a debugger.
    io.err(`devops-loop ${command.name}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.internal;
  }
}

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: devops-loop <command> [options]\n\nCommands:\n${list}\n\nRun \`devops-loop <command> --help\` for a command's options.\n`;
}

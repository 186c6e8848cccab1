import type { CliCommand } from '../cliCommand';
import { checkCommand } from './check';
import { logsCommand } from './logs';
import { statusCommand } from './status';

/** Every subcommand of `devops-loop`, in the order `--help` lists them. Add new ones here. */
export const commands: readonly CliCommand[] = [checkCommand, statusCommand, logsCommand];

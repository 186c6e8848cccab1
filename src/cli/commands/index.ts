import type { CliCommand } from '../cliCommand';
import { checkCommand } from './check';

/** Every subcommand of `devops-loop`, in the order `--help` lists them. Add new ones here. */
export const commands: readonly CliCommand[] = [checkCommand];

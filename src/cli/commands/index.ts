import type { CliCommand } from '../cliCommand';
import { checkCommand } from './check';
import { deployCommand } from './deploy';
import { initCommand } from './init';
import { logsCommand } from './logs';
import { rollbackCommand } from './rollback';
import { runCommand } from './run';
import { scaleCommand } from './scale';
import { servicesCommand } from './services';
import { statusCommand } from './status';

/** Every subcommand of `devops-loop`, in the order `--help` lists them. Add new ones here. */
export const commands: readonly CliCommand[] = [initCommand, checkCommand, runCommand, deployCommand, rollbackCommand, statusCommand, servicesCommand, scaleCommand, logsCommand];

// One command-line parser for every subcommand: strict options, positionals allowed, -h/--help
// added to each, and every parse failure turned into a usage error (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliHelpRequest, CliUsageError } from './cliCommand';

/** The options a command declares, in node:util parseArgs form. */
export type CliOptionSpecs = NonNullable<ParseArgsConfig['options']>;

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

type CliArgsConfig<O extends CliOptionSpecs> = { args: string[]; options: O & typeof helpOption; allowPositionals: true; strict: true };

/** What a command line parsed into: typed option values and the positionals. */
export type CliArgs<O extends CliOptionSpecs> = ReturnType<typeof parseArgs<CliArgsConfig<O>>>;

/**
 * Parses a command's arguments. `--help` throws CliHelpRequest, which runCli answers with
 * the command's usage, so no command handles help itself.
 */
export function parseCliArgs<const O extends CliOptionSpecs>(args: readonly string[], options: O): CliArgs<O> {
  let parsed: CliArgs<O>;
  try {
    parsed = parseArgs<CliArgsConfig<O>>({ args: [...args], options: { ...options, ...helpOption }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs throws a TypeError with a clear message for unknown options and missing values.
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if ((parsed.values as { help?: boolean }).help === true) throw new CliHelpRequest();
  return parsed;
}

// The shape every `devops-loop` subcommand has, so adding one is a new file in
// commands/ plus one line in commands/index.ts.

/** Where a command writes; tests and the real process supply different sinks. */
export interface CliIo {
  /** Standard output: results a script may parse. */
  out(text: string): void;
  /** Standard error: summaries, usage and failures. */
  err(text: string): void;
}

export interface CliCommand {
  /** The word after `devops-loop`. */
  name: string;
  /** One line for the command list of `devops-loop --help`. */
  summary: string;
  /** Full help text, printed by `devops-loop <name> --help`. */
  usage: string;
  /** Runs the command and returns the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export const exitCodes = {
  ok: 0,
  /** The command ran and found errors (e.g. `check` found an invalid file). */
  failed: 1,
  /** The command line itself was wrong. */
  usage: 2,
  /** A bug: something threw that should not have. */
  internal: 70,
} as const;

/** Thrown by a command for a wrong command line; printed with a hint to --help, exit 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Thrown by parseCliArgs for -h/--help: runCli prints the command's usage and exits 0. */
export class CliHelpRequest extends Error {
  constructor() {
    super('help requested');
    this.name = 'CliHelpRequest';
  }
}

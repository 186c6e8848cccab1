import { exitCodes } from './cliCommand';
import { runCli } from './runCli';

// The bin entry (dist/cli.js). exitCode rather than exit() so piped output is flushed.
runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`devops-loop: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCodes.internal;
  },
);

import { CheckedProcessRunner, startedByUser } from '../backends/process/checkedProcessRunner';
import { NodeProcessRunner } from '../backends/process/nodeProcessRunner';
import type { ProcessRunner } from '../core/ports';

/**
 * The runner of every CLI command: the editor's checked runner, without the editor's
 * questions. The user started `devops-loop` in their own shell or CI job and named what
 * to run; there is no workspace trust outside the editor and nothing to approve.
 */
export function cliProcessRunner(): ProcessRunner {
  return new CheckedProcessRunner(startedByUser, new NodeProcessRunner({ isTrusted: () => true }));
}

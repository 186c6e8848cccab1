import { describeSource } from '../../core/approval/approvalChanges';
import { DevopsError } from '../../core/errors';
import type { ApprovableCommand, ProcessRunner, ProcessSpec, RunningProcess } from '../../core/ports';
import { describeSpec } from './nodeProcessRunner';

/** What a runner checks before it starts anything. */
export interface StartPolicy {
  /** Throws DevopsError('untrusted') when nothing may run here; `action` names the refused start. */
  assertTrusted(action: string): void;
  /** True when this devops.yaml command was approved exactly as it is now. */
  isApproved(command: ApprovableCommand): boolean;
}

/**
 * The CLI's policy: the user started `devops-loop` in their own shell or CI job, naming
 * what to run; that is the approval, and there is no editor trust to ask.
 */
export const startedByUser: StartPolicy = { assertTrusted: () => undefined, isApproved: () => true };

// The only programs the product starts on its own, with arguments it writes itself.
const internalExecutables = new Set(['git']);

/**
 * The runner every start goes through, in the editor and in the CLI alike: trust first,
 * then what may run. A devops.yaml command must be a command line approved as it is
 * (command, variables, folder, kind); the product's own starts must be one of its fixed
 * programs with an argument list (no shell, so nothing is ever quoted into one).
 */
export class CheckedProcessRunner implements ProcessRunner {
  constructor(
    private readonly policy: StartPolicy,
    private readonly inner: ProcessRunner,
  ) {}

  start(spec: ProcessSpec): RunningProcess {
    this.policy.assertTrusted(`running "${describeSpec(spec)}"`);
    const { purpose } = spec;
    if (purpose.kind === 'internal') {
      if (spec.file === undefined || !internalExecutables.has(spec.file)) throw new DevopsError('forbidden', `the product starts only ${[...internalExecutables].join(', ')} on its own, not "${describeSpec(spec)}"`);
    } else {
      if (spec.command === undefined) throw new DevopsError('forbidden', `a command from devops.yaml is a command line, not "${describeSpec(spec)}"`);
      const command: ApprovableCommand = { purpose, command: spec.command, cwd: spec.cwd, env: spec.env ?? {} };
      if (!this.policy.isApproved(command)) {
        throw new DevopsError('not-approved', `The ${describeSource(command)} runs a command from devops.yaml you have not approved as it is now: ${spec.command}`);
      }
    }
    return this.inner.start(spec);
  }
}

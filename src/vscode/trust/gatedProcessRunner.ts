import type { ApprovedCommands } from '../../core/approval/approvedCommands';
import { CheckedProcessRunner } from '../../backends/process/checkedProcessRunner';
import type { ProcessRunner, ProcessSpec, RunningProcess } from '../../core/ports';
import type { PortUsage } from './portUsage';
import type { WorkspaceTrustGate } from './workspaceTrustGate';

/**
 * The ProcessRunner the editor hands to every feature: the CLI's checked runner with the
 * editor's answers (Restricted Mode refuses everything; a devops.yaml command runs only
 * as the user approved it), counting every start (PortUsage).
 */
export class GatedProcessRunner extends CheckedProcessRunner {
  constructor(
    gate: WorkspaceTrustGate,
    approvals: ApprovedCommands,
    private readonly usage: PortUsage,
    inner: ProcessRunner,
  ) {
    super({ assertTrusted: (action) => gate.assertTrusted(action), isApproved: (command) => approvals.isApproved(command) }, inner);
  }

  override start(spec: ProcessSpec): RunningProcess {
    const started = super.start(spec);
    this.usage.recordProcessStart(spec.purpose);
    return started;
  }
}

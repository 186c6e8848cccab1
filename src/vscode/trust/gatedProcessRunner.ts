import { DevopsError } from '../../core/errors';
import type { ProcessRunner, ProcessSpec, RunningProcess } from '../../core/ports';
import type { PortUsage } from './portUsage';
import type { WorkspaceTrustGate } from './workspaceTrustGate';

/**
 * The ProcessRunner the editor hands to the core: it refuses in Restricted Mode, counts
 * every start, then delegates to the plain-Node runner (none is wired yet, so it refuses).
 */
export class GatedProcessRunner implements ProcessRunner {
  constructor(
    private readonly gate: WorkspaceTrustGate,
    private readonly usage: PortUsage,
    private readonly inner: ProcessRunner | undefined,
  ) {}

  start(spec: ProcessSpec): RunningProcess {
    this.gate.assertTrusted(`running "${spec.command}"`);
    if (!this.inner) throw new DevopsError('unavailable', 'No process runner is available yet.');
    this.usage.recordProcessStart();
    return this.inner.start(spec);
  }
}

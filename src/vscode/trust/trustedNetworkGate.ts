import type { NetworkGate } from '../../core/ports';
import type { PortUsage } from './portUsage';
import type { WorkspaceTrustGate } from './workspaceTrustGate';

/**
 * The NetworkGate the editor hands to every backend (HTTP client, CI log reads,
 * Prometheus, HTTP/TCP probes): in Restricted Mode it refuses, so a repository's
 * devops.yaml makes no connection at all; otherwise it counts the connection.
 */
export class TrustedNetworkGate implements NetworkGate {
  constructor(
    private readonly gate: WorkspaceTrustGate,
    private readonly usage: PortUsage,
  ) {}

  open(target: URL): void {
    this.gate.assertTrusted(`connecting to ${target.host || target.href}`);
    this.usage.recordConnection();
  }
}

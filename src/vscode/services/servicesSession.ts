import * as vscode from 'vscode';
import { probeCommand } from '../../backends/probes/commandProbe';
import { createProbe } from '../../backends/probes/createProbe';
import type { ApprovableCommand, CommandApprover, NetworkGate, ProcessRunner } from '../../core/ports';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import { ServicesModel } from '../../core/services/servicesModel';
import type { ConfigStore } from '../config/configStore';
import { DisposableOwner } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/**
 * Connects the core ServicesModel to the editor: feeds it devops.yaml, builds probes that
 * run commands only through the extension's one (trust-gated) process runner and only
 * once the user approved them, and probes again when trust is granted or commands are
 * approved, so command probes stop saying "untrusted" or "not approved".
 */
export class ServicesSession extends DisposableOwner {
  /** The core model; views render its snapshots and listen to its events. */
  readonly model: ServicesModel;
  private appliedKey: string | undefined;

  constructor(
    private readonly configStore: ConfigStore,
    scheduler: RefreshScheduler,
    runner: ProcessRunner,
    private readonly trust: WorkspaceTrustGate,
    private readonly approver: CommandApprover,
    network: NetworkGate,
  ) {
    super();
    this.model = new ServicesModel({
      scheduler,
      createProbe: (name, service) => (service.health ? createProbe(service.health, { service: name, runner, approver, network, cwd: this.folder() }) : undefined),
    });
    this.register(this.model);
    this.register(configStore.onDidChange(() => this.apply()));
    this.register(trust.onDidChange(() => this.model.probeNow()));
    this.register(approver.onDidApprove(() => this.model.probeNow()));
    this.apply();
  }

  /** Check Services Now: the user asked, so commands of health checks waiting for approval are asked in a modal first. */
  async checkNow(): Promise<void> {
    const commands = this.probeCommands();
    if (this.trust.isTrusted && commands.length > 0) await this.approver.ensureApproved(commands, 'modal');
    this.model.probeNow();
  }

  private probeCommands(): ApprovableCommand[] {
    const services = this.configStore.snapshot.config?.services ?? {};
    return Object.entries(services).flatMap(([name, service]) => {
      const health = service.health;
      // createProbe prefers http and tcp; only a health block with nothing else runs its command.
      const command = health && health.http === undefined && health.tcp === undefined ? health.command : undefined;
      return command?.trim() ? [probeCommand(name, command, this.folder())] : [];
    });
  }

  /** The folder of devops.yaml: command probes and service actions run there. */
  folder(): string {
    const uri = this.configStore.snapshot.uri;
    return uri ? vscode.Uri.joinPath(uri, '..').fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  }

  private apply(): void {
    const services = this.configStore.snapshot.config?.services ?? {};
    const key = JSON.stringify(services);
    // Saves and watcher events re-read an unchanged file: keep history and running probes.
    if (key === this.appliedKey) return;
    this.appliedKey = key;
    this.model.setServices(services);
  }
}

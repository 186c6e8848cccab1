import * as vscode from 'vscode';
import { createProbe } from '../../backends/probes/createProbe';
import type { ProcessRunner } from '../../core/ports';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import { ServicesModel } from '../../core/services/servicesModel';
import type { ConfigStore } from '../config/configStore';
import { DisposablePart } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/**
 * Connects the core ServicesModel to the editor: feeds it devops.yaml, builds probes that
 * run commands only through the extension's one (trust-gated) process runner, and probes
 * again when trust is granted so command probes stop saying "untrusted".
 */
export class LiveServices extends DisposablePart {
  /** The core model; views render its snapshots and listen to its events. */
  readonly model: ServicesModel;
  private appliedKey: string | undefined;

  constructor(
    private readonly configStore: ConfigStore,
    scheduler: RefreshScheduler,
    runner: ProcessRunner,
    trust: WorkspaceTrustGate,
  ) {
    super();
    this.model = new ServicesModel({
      scheduler,
      createProbe: (_name, service) => (service.health ? createProbe(service.health, { runner, cwd: this.folder() }) : undefined),
    });
    this.register(this.model);
    this.register(configStore.onDidChange(() => this.apply()));
    this.register(trust.onDidChange(() => this.model.probeNow()));
    this.apply();
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

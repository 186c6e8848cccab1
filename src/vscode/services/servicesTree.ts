import * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTree } from '../trees/rowTree';
import type { ServicesSession } from './servicesSession';
import { servicesRows } from './servicesRows';

/**
 * The Services view: one row per service with its live health. Every model event rebuilds
 * the rows, and the shared tree state refreshes only the rows whose text changed, so a probe
 * result repaints its own service, not the tree.
 */
export class ServicesTree extends RowTree {
  constructor(
    private readonly configStore: ConfigStore,
    private readonly services: ServicesSession,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.services', 'Services', log);
    const { model } = services;
    this.register(model.onDidChangeService(() => this.rebuild()));
    this.register(model.onDidChangeServices(() => this.rebuild()));
    this.register(trust.onDidChange(() => this.rebuild()));
    // A stale or fixed devops.yaml changes the rows' notice even when the services are the same.
    this.register(configStore.onDidChange(() => this.rebuild()));
  }

  protected buildRows(): RowNode[] {
    const { model } = this.services;
    return servicesRows(this.configStore.snapshot, model.services(), model.graphIssues());
  }

  protected buildMessage(): string | undefined {
    const snapshot = this.configStore.snapshot;
    if (this.trust.isTrusted) return viewMessage(snapshot, true);
    // HTTP and TCP probes only read; commands are what Restricted Mode is about.
    const stale = viewMessage(snapshot, true);
    const restricted = 'Restricted Mode: HTTP and TCP checks run, but command checks and service actions wait until you trust this folder (they would run code from the repository).';
    return stale ? `${stale} ${restricted}` : restricted;
  }
}

import * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTree } from '../trees/rowTree';
import type { EnginesSession } from '../engines/enginesSession';
import { attachBoundWorkloads, engineRows } from '../engines/engineRows';
import type { ServicesSession } from './servicesSession';
import { servicesRows } from './servicesRows';

/**
 * The Services view: one row per service with its live health, then the engines' workloads.
 * Every model event and engine snapshot rebuilds the rows, and the shared tree state
 * refreshes only the rows whose text changed, so a probe result repaints its own service.
 */
export class ServicesTree extends RowTree {
  constructor(
    private readonly configStore: ConfigStore,
    private readonly services: ServicesSession,
    private readonly trust: WorkspaceTrustGate,
    private readonly engines: EnginesSession,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.services', 'Services', log);
    const { model } = services;
    this.register(model.onDidChangeService(() => this.rebuild()));
    this.register(model.onDidChangeServices(() => this.rebuild()));
    this.register(trust.onDidChange(() => this.rebuild()));
    this.register(engines.onDidChange(() => this.rebuild()));
    // A stale or fixed devops.yaml changes the rows' notice even when the services are the same.
    this.register(configStore.onDidChange(() => this.rebuild()));
  }

  protected buildRows(): RowNode[] {
    const { model } = this.services;
    const rows = servicesRows(this.configStore.snapshot, model.services(), model.graphIssues());
    if (!this.configStore.snapshot.config) return rows;
    const state = this.engines.state;
    const live = this.engines.services();
    attachBoundWorkloads(rows, live, state);
    return [...rows, ...engineRows(state, live)];
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

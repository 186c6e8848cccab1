import type * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTreeProvider } from '../trees/rowTreeProvider';
import type { ServicesModel } from './servicesModel';
import { servicesRows } from './servicesRows';

/** The Services view: one row per service, children say how to reach it and what it depends on. */
export class ServicesTreeProvider extends RowTreeProvider {
  constructor(
    private readonly configStore: ConfigStore,
    private readonly model: ServicesModel,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.services', 'Services', log);
    this.register(model.onDidChange(() => this.rebuild()));
    this.register(trust.onDidChange(() => this.rebuild()));
  }

  protected buildRows(): RowNode[] {
    return servicesRows(this.configStore.snapshot, this.model.services());
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }
}

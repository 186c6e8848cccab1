import type * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { Settings } from '../settings';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTreeProvider } from '../trees/rowTreeProvider';
import type { SprintFileStore } from './sprintFileStore';
import { planRows } from './planRows';
import { localDate } from './sprintProgress';

/** The Plan view: the sprint header, then status groups with their items. */
export class PlanTreeProvider extends RowTreeProvider {
  constructor(
    private readonly configStore: ConfigStore,
    private readonly model: SprintFileStore,
    private readonly settings: Settings,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.plan', 'Plan', log);
    this.register(model.onDidChange(() => this.rebuild()));
    this.register(configStore.onDidChange(() => this.rebuild()));
    this.register(trust.onDidChange(() => this.rebuild()));
    this.register(settings.onDidChange(() => this.rebuild()));
  }

  protected buildRows(): RowNode[] {
    return planRows(this.configStore.snapshot, this.model.state, {
      today: localDate(new Date()),
      collapseDoneGroup: this.settings.get('plan.collapseDoneGroup'),
    });
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }
}

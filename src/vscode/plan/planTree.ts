import type * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { Settings } from '../settings';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTree } from '../trees/rowTree';
import { planRows } from './planRows';
import type { PlanSession } from './planSession';

/** The Plan view: the sprint header, then status groups with their items, over the PlanModel. */
export class PlanTree extends RowTree {
  private readonly pageLimits = new Map<string, number>();

  constructor(
    private readonly configStore: ConfigStore,
    private readonly session: PlanSession,
    private readonly settings: Settings,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.plan', 'Plan', log);
    this.register(session.onDidChange((change) => {
      if (change === undefined) this.pageLimits.clear();
      if (change?.kind !== 'loading') this.rebuild();
    }));
    this.register(configStore.onDidChange(() => this.rebuild()));
    this.register(trust.onDidChange(() => this.rebuild()));
    this.register(settings.onDidChange(() => this.rebuild()));
  }

  /** "Show more" on a status group: one more page of its items. */
  showMore(status: string): void {
    const size = this.session.state?.model.pageSize ?? 200;
    this.pageLimits.set(status, (this.pageLimits.get(status) ?? size) + size);
    this.rebuild();
  }

  protected buildRows(): RowNode[] {
    return planRows(this.configStore.snapshot, this.session.state, {
      collapseDoneGroup: this.settings.get('plan.collapseDoneGroup'),
      shown: this.pageLimits,
    }, this.session.setupError);
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }
}

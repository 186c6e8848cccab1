import * as vscode from 'vscode';
import type { RefreshScheduler } from '../../core/refresh/refreshScheduler';
import type { ConfigStore } from '../config/configStore';
import type { Settings } from '../settings';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTreeProvider } from '../trees/rowTreeProvider';
import type { SprintFileStore } from './sprintFileStore';
import { planRows } from './planRows';
import { planRefreshTopic } from './planSession';
import type { PlanSession } from './planSession';

/** The Plan view: the sprint header, then status groups with their items, over the PlanModel. */
export class PlanTreeProvider extends RowTreeProvider {
  private readonly pageLimits = new Map<string, number>();

  constructor(
    private readonly configStore: ConfigStore,
    private readonly sprintFile: SprintFileStore,
    private readonly session: PlanSession,
    private readonly settings: Settings,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.plan', 'Plan', log);
    this.register(sprintFile.onDidChange(() => this.rebuild()));
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
    return planRows(this.configStore.snapshot, this.sprintFile.state, this.session.state, {
      collapseDoneGroup: this.settings.get('plan.collapseDoneGroup'),
      shown: this.pageLimits,
    }, this.session.setupError);
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }
}

/** The Plan TreeView; while it is visible it holds interest in the remote refresh job. */
export function createPlanTreeView(provider: PlanTreeProvider, scheduler: RefreshScheduler): { view: vscode.TreeView<RowNode>; disposable: vscode.Disposable } {
  const view = vscode.window.createTreeView(provider.viewId, { treeDataProvider: provider, showCollapseAll: true });
  view.message = provider.message;
  let interest: { dispose(): void } | undefined;
  const follow = (visible: boolean): void => {
    if (visible && !interest) interest = scheduler.addInterest(planRefreshTopic);
    if (!visible) {
      interest?.dispose();
      interest = undefined;
    }
  };
  follow(view.visible);
  const disposable = vscode.Disposable.from(
    provider.onDidChangeMessage((message) => (view.message = message)),
    view.onDidChangeVisibility((event) => follow(event.visible)),
    new vscode.Disposable(() => follow(false)),
    view,
  );
  return { view, disposable };
}

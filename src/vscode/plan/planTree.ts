import type * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { Settings } from '../settings';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTree } from '../trees/rowTree';
import { planRows } from './planRows';
import type { PlanSession } from './planSession';

/** Rows another part adds below the sprint (the Review section), and a note on the active item's row. */
export interface PlanSection {
  rows(): RowNode[];
  /** What the active item's row says besides its own details, e.g. its pull request. */
  activeItemNote(): string | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

/** The Plan view: the sprint header, then status groups with their items, over the PlanModel. */
export class PlanTree extends RowTree {
  private readonly pageLimits = new Map<string, number>();
  private readonly sections = new Set<PlanSection>();

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

  /** Adds rows below the sprint; dispose removes them. */
  addSection(section: PlanSection): vscode.Disposable {
    this.sections.add(section);
    const listener = section.onDidChange(() => this.rebuild());
    this.rebuild();
    return { dispose: () => { listener.dispose(); this.sections.delete(section); this.rebuild(); } };
  }

  protected buildRows(): RowNode[] {
    const sections = [...this.sections];
    const activeNote = sections.map((section) => section.activeItemNote()).find((note) => note !== undefined);
    const rows = planRows(this.configStore.snapshot, this.session.state, {
      collapseDoneGroup: this.settings.get('plan.collapseDoneGroup'),
      shown: this.pageLimits,
      activeNote,
    }, this.session.setupError);
    return this.configStore.snapshot.config ? [...rows, ...sections.flatMap((section) => section.rows())] : rows;
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }
}

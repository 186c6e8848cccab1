import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import { RowTreeView } from '../trees/rowTreeView';
import { ActiveItemStatusBar } from './activeItemStatusBar';
import { registerPlanCommands } from './planCommands';
import { PlanNotifier } from './planNotifier';
import { planRefreshTopic, PlanSession } from './planSession';
import { PlanTree } from './planTree';
import { StartWorkCommand } from './startWorkCommand';

/** The Plan: the sprint of devops.yaml's plan section, its view, the active item and their commands. */
export class PlanPart extends DisposableOwner {
  readonly session: PlanSession;
  readonly tree: PlanTree;
  readonly view: RowTreeView;
  readonly activeItem: ActiveItemStatusBar;

  constructor(foundation: Foundation) {
    super();
    const { configStore, scheduler, trust, log, prompts } = foundation;
    const remote = { credentials: foundation.credentials, network: foundation.network, choices: foundation.choices };
    this.session = this.register(new PlanSession(configStore, foundation.problems, scheduler, trust, remote, log, foundation.head, foundation.git));
    this.tree = this.register(new PlanTree(configStore, this.session, foundation.settings, trust, log));
    // A remote sprint is polled only while the view is visible.
    this.view = this.register(new RowTreeView(foundation.views, this.tree, { whileVisible: () => scheduler.addInterest(planRefreshTopic) }));
    this.activeItem = this.register(new ActiveItemStatusBar(this.session));
    this.register(new PlanNotifier(this.session, prompts));
    const startWork = new StartWorkCommand(this.session, trust, prompts);
    const { session, tree, view } = this;
    this.register(registerPlanCommands(foundation.commands, { session, tree, view, startWork, signIns: foundation.signIns, links: foundation.links, prompts }));
    this.register(foundation.addRefresher(() => this.session.refresh()));
    foundation.addFirstRead(() => this.session.settled());
  }
}

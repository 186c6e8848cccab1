import { DisposableOwner } from '../disposableStore';
import type { EnginesPart } from '../engines/enginesPart';
import type { Foundation } from '../foundation';
import { RowTreeView } from '../trees/rowTreeView';
import { registerServicesCommands } from './servicesCommands';
import { ServicesNotifier } from './servicesNotifier';
import { ServicesSession } from './servicesSession';
import { ServicesStatusSource } from './servicesStatusSource';
import { ServicesTree } from './servicesTree';

/** The Services: devops.yaml's services with live health (and the engines' workloads), their view, status bar source, notices and commands. */
export class ServicesPart extends DisposableOwner {
  readonly session: ServicesSession;
  readonly tree: ServicesTree;
  readonly view: RowTreeView;

  constructor(foundation: Foundation, engines: EnginesPart) {
    super();
    const { configStore, trust, prompts } = foundation;
    this.session = this.register(new ServicesSession(configStore, foundation.scheduler, foundation.processRunner, trust, foundation.approvals, foundation.network));
    this.tree = this.register(new ServicesTree(configStore, this.session, trust, engines.session, foundation.log));
    // Probes run while someone looks: this view, the status bar item, the map.
    this.view = this.register(new RowTreeView(foundation.views, this.tree, { whileVisible: () => this.session.model.watch() }));
    this.register(new ServicesStatusSource(this.session, foundation.statusBar));
    this.register(new ServicesNotifier(this.session, foundation.settings, prompts));
    const parts = { session: this.session, reveal: (name: string) => this.reveal(name), configStore, runner: foundation.processRunner, trust, approvals: foundation.approvals, links: foundation.links, prompts, log: foundation.log };
    this.register(registerServicesCommands(foundation.commands, parts));
  }

  /** Shows the Services view with the service's row selected; false when there is no such service. */
  reveal(name: string): Promise<boolean> {
    return this.view.reveal(`services/${name}`);
  }
}

import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { EnginesPart } from '../engines/enginesPart';
import type { Foundation } from '../foundation';
import type { ServicesPart } from '../services/servicesPart';
import { ServiceMapPanel } from './serviceMapPanel';

/** The Service Map: the services' dependency graph (and the engines' live workloads) in a panel, and the command that shows it. */
export class ServiceMapPart extends DisposableOwner {
  readonly panel: ServiceMapPanel;

  constructor(foundation: Foundation, services: ServicesPart, engines: EnginesPart) {
    super();
    this.panel = this.register(new ServiceMapPanel(foundation.context.extensionUri, services.session, (name) => services.reveal(name), foundation.log, foundation.prompts, engines.session, (rowId) => services.view.reveal(rowId)));
    this.register(foundation.commands.register(CommandId.showServiceMap, () => this.panel.show()));
  }
}

import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import type { ServicesPart } from '../services/servicesPart';
import { ServiceMapPanel } from './serviceMapPanel';

/** The Service Map: the services' dependency graph in a panel, and the command that shows it. */
export class ServiceMapPart extends DisposableOwner {
  readonly panel: ServiceMapPanel;

  constructor(foundation: Foundation, services: ServicesPart) {
    super();
    this.panel = this.register(new ServiceMapPanel(foundation.context.extensionUri, services.session, (name) => services.reveal(name), foundation.log, foundation.prompts));
    this.register(foundation.commands.register(CommandId.showServiceMap, () => this.panel.show()));
  }
}

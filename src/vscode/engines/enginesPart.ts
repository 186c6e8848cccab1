import * as vscode from 'vscode';
import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import { registerEngineCommands } from './engineCommands';
import { EngineShells } from './engineShells';
import { EnginesNotifier } from './enginesNotifier';
import { EnginesSession } from './enginesSession';
import { PortForwards } from './portForwards';

/** The live engines of devops.yaml: their session, the actions on workloads and the notices of workloads going down. Their rows are part of the Services view. */
export class EnginesPart extends DisposableOwner {
  readonly session: EnginesSession;
  /** Shells opened in containers and pods, as terminals. */
  readonly shells: EngineShells;
  /** Ports forwarded to pods. */
  readonly forwards: PortForwards;

  constructor(foundation: Foundation) {
    super();
    const { configStore, trust, prompts } = foundation;
    this.session = this.register(new EnginesSession(configStore, trust, foundation.network, foundation.log, prompts, foundation.context.globalState));
    this.register(new EnginesNotifier(this.session, foundation.settings, prompts));
    const showLogs = async (engineId: string, workload: { id: string }): Promise<void> => {
      await vscode.commands.executeCommand(CommandId.monitorShowServiceLogs, { engineId, workloadId: workload.id });
    };
    this.shells = this.register(new EngineShells());
    this.forwards = this.register(new PortForwards(prompts, foundation.contextKeys));
    this.register(registerEngineCommands(foundation.commands, { session: this.session, trust, prompts, showLogs, shells: this.shells, forwards: this.forwards }));
  }
}

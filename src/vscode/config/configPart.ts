import * as vscode from 'vscode';
import { CommandId, ViewContainerId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import { createConfigCommand } from './createConfigCommand';
import { openConfigCommand } from './openConfigCommand';
import { revealProblemCommand } from './revealProblemCommand';
import { TypingDiagnostics } from './typingDiagnostics';

/** devops.yaml in the editor: its problems while typed, and the commands of every view (Refresh, Create, Open, Reveal Problem). */
export class ConfigPart extends DisposableOwner {
  constructor(foundation: Foundation) {
    super();
    const { configStore, commands, prompts, log } = foundation;
    this.register(new TypingDiagnostics(configStore, foundation.problems));
    this.register(commands.register(CommandId.refresh, () => foundation.refreshAll()));
    this.register(commands.register(CommandId.createConfig, () => createConfigCommand(configStore, log, prompts)));
    this.register(commands.register(CommandId.openConfig, () => openConfigCommand(configStore, prompts)));
    this.register(commands.register(CommandId.revealProblem, (uri) => revealProblemCommand(foundation.problems, prompts, uri)));
    if (foundation.settings.get('showOnStartup')) void vscode.commands.executeCommand(`workbench.view.extension.${ViewContainerId.sidebar}`);
  }
}

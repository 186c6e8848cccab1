import type * as vscode from 'vscode';
import { CommandStubs } from './vscode/commands/commandStubs';
import { deferredTestApi } from './vscode/deferredTestApi';
import type { DevopsTestApi } from './vscode/testApi';
import { TreeViewSlots } from './vscode/trees/treeViewSlots';

// Activation registers what VS Code needs at once, every contributed command and tree view,
// and returns. The features (devops.yaml's parser and schemas, sessions, backends) load on a
// later tick from their own file, dist/features.lazy.js (see scripts/build.mjs): activation
// pays neither for their size nor for building them.

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string; type?: string }[]> };
}

export function activate(context: vscode.ExtensionContext): DevopsTestApi {
  const { contributes } = context.extension.packageJSON as Manifest;
  const features = new Promise((resolve) => setImmediate(resolve)).then(() => import('./vscode/features.lazy.js'));
  const commands = new CommandStubs(contributes.commands.map((command) => command.command), features);
  const views = new TreeViewSlots(Object.values(contributes.views).flat().filter((view) => view.type !== 'webview').map((view) => view.id));
  context.subscriptions.push(commands, views);
  const started = features.then(({ startFeatures }) => startFeatures(context, { commands, views }));
  started.catch((error: unknown) => {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    views.showFailure(`DevOps Loop could not load its features (${detail}); reinstalling the extension restores it.`);
  });
  return deferredTestApi(started);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}

import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import type { ConfigStore } from '../config/configStore';
import { workspaceRepoReader } from '../config/workspaceRepoReader';
import { loadStarterConfig } from '../lazyCore';
import { fileExists } from '../workspaceFiles';

/**
 * "Create devops.yaml": writes a starting file from what the repository has and opens it.
 * An existing file is replaced only after the user says so in a modal.
 */
export async function createConfigCommand(configStore: ConfigStore): Promise<vscode.Uri | undefined> {
  const target = configStore.snapshot.uri;
  if (!target) throw new DevopsError('not-found', 'Open a folder first: devops.yaml lives at the root of the workspace.');
  if (await fileExists(target)) {
    const replace = 'Replace';
    const open = 'Open Existing';
    const answer = await vscode.window.showWarningMessage('devops.yaml already exists. Replace it with a generated one?', { modal: true }, replace, open);
    if (answer === open) {
      await vscode.window.showTextDocument(target);
      return target;
    }
    if (answer !== replace) return undefined;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Creating devops.yaml', cancellable: true },
    async (progress, token) => {
      progress.report({ message: 'reading the repository…' });
      const { generateStarterConfig } = await loadStarterConfig();
      const text = await generateStarterConfig(workspaceRepoReader(vscode.Uri.joinPath(target, '..')));
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      progress.report({ message: 'writing devops.yaml…' });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    },
  );
  await configStore.reload();
  await vscode.window.showTextDocument(target);
  return target;
}

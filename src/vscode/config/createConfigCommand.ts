import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import { loadOnDemand } from '../../core/loadOnDemand';
import type { ConfigStore } from './configStore';
import type { UserPrompts } from '../prompts/userPrompts';
import { workspaceRepoReader } from './workspaceRepoReader';
import { fileExists } from '../workspaceFiles';

/**
 * "Create devops.yaml": writes a starting file from what the repository has (the same
 * scaffold as `devops-loop init`) and opens it. What could not be taken over goes to the
 * output as `file:line: note:` lines. An existing file is replaced only after the user
 * says so in a modal.
 */
export async function createConfigCommand(configStore: ConfigStore, log: vscode.LogOutputChannel, prompts: UserPrompts): Promise<vscode.Uri | undefined> {
  const target = configStore.snapshot.uri;
  if (!target) throw new DevopsError('not-found', 'Open a folder first: devops.yaml lives at the root of the workspace.');
  if (await fileExists(target)) {
    const replace = 'Replace';
    const open = 'Open Existing';
    const answer = await prompts.modal({ topic: 'config.replace', text: 'devops.yaml already exists. Replace it with a generated one?', buttons: [replace, open] });
    if (answer === open) {
      await vscode.window.showTextDocument(target);
      return target;
    }
    if (answer !== replace) return undefined;
  }
  const notes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Creating devops.yaml', cancellable: true },
    async (progress, token) => {
      progress.report({ message: 'reading the repository…' });
      const { scaffoldRepository, formatNote } = await loadOnDemand('devops.yaml scaffold', () => import('../../backends/scaffold/scaffold.lazy.js'));
      const root = vscode.Uri.joinPath(target, '..');
      const scaffold = await scaffoldRepository(workspaceRepoReader(root), root.fsPath);
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      progress.report({ message: 'writing devops.yaml…' });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(scaffold.text));
      for (const note of scaffold.notes) log.info(formatNote(note));
      return scaffold.notes.length;
    },
  );
  await configStore.reload();
  await vscode.window.showTextDocument(target);
  if (notes > 0) {
    const show = 'Show Notes';
    const text = `devops.yaml is written; ${notes} thing${notes === 1 ? '' : 's'} could not be taken over as is.`;
    void prompts.notify({ topic: 'config.notes', level: 'info', text, buttons: [show] }).then((answer) => {
      if (answer === show) log.show(true);
    });
  }
  return target;
}

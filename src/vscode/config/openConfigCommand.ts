import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import type { ConfigStore } from './configStore';
import type { UserPrompts } from '../prompts/userPrompts';
import { fileExists } from '../workspaceFiles';
import { CommandId } from '../commands/commandTable';

/** "Open devops.yaml"; offers to create it when there is none. */
export async function openConfigCommand(configStore: ConfigStore, prompts: UserPrompts): Promise<void> {
  const uri = configStore.snapshot.uri;
  if (!uri) throw new DevopsError('not-found', 'Open a folder first: devops.yaml lives at the root of the workspace.');
  if (await fileExists(uri)) {
    await vscode.window.showTextDocument(uri);
    return;
  }
  const create = 'Create devops.yaml';
  if ((await prompts.notify({ topic: 'config.missing', level: 'info', text: 'There is no devops.yaml in this workspace yet.', buttons: [create] })) === create) {
    await vscode.commands.executeCommand(CommandId.createConfig);
  }
}

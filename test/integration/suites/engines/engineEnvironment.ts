import * as vscode from 'vscode';
import { parseDocument, type Document } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { readText, workspaceRoot, writeText } from '../empty/extensionUnderTest';

// The deploy suites of this group each add an engine and an environment to the workspace's
// devops.yaml, show the Pipeline with it, and put the file back afterwards.

/** Edits devops.yaml with `change`, reloads it and focuses the Pipeline; resolves with what puts the file back. */
export async function withPipelineConfig(api: DevopsTestApi, change: (doc: Document) => void): Promise<() => Promise<void>> {
  const configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
  const original = await readText(configUri);
  const doc = parseDocument(original);
  change(doc);
  await writeText(configUri, doc.toString());
  await api.config.reload();
  await api.pipeline.load();
  await vscode.commands.executeCommand('devops.pipeline.focus');
  return async () => {
    await writeText(configUri, original);
    await api.config.reload();
  };
}

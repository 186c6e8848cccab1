import * as vscode from 'vscode';
import { readTextFile } from '../workspaceFiles';

/** The repository as generateStarterConfig reads it, through vscode.workspace.fs (works in remote workspaces too). */
export interface RepoReader {
  readText(relPath: string): Promise<string | undefined>;
  list(relDir: string): Promise<string[]>;
}

export function workspaceRepoReader(root: vscode.Uri): RepoReader {
  return {
    readText: (relPath) => readTextFile(vscode.Uri.joinPath(root, relPath)),
    async list(relDir) {
      try {
        const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root, relDir));
        return entries.map(([name]) => name).sort();
      } catch {
        return [];
      }
    },
  };
}

import * as vscode from 'vscode';
import type { RepoEntry, RepoListing, RepoRead, ScaffoldRepo } from '../../backends/scaffold/scaffoldRepo';

/** The repository as the devops.yaml scaffold reads it, through vscode.workspace.fs (remote workspaces too). */
export function workspaceRepoReader(root: vscode.Uri): ScaffoldRepo {
  const at = (relPath: string): vscode.Uri | undefined => (relPath.split('/').includes('..') ? undefined : vscode.Uri.joinPath(root, relPath));
  const code = (error: unknown): string => (error instanceof vscode.FileSystemError ? error.code : error instanceof Error ? error.message : String(error));
  return {
    async list(relDir): Promise<RepoListing> {
      const uri = at(relDir);
      if (!uri) return { refused: 'is outside the repository' };
      try {
        const entries = await vscode.workspace.fs.readDirectory(uri);
        return { entries: entries.map(([name, type]): RepoEntry => ({ name, kind: kindOf(type) })) };
      } catch (error) {
        return { refused: `cannot be listed (${code(error)})` };
      }
    },
    async read(relPath, maxBytes): Promise<RepoRead> {
      const uri = at(relPath);
      if (!uri) return { refused: 'is outside the repository' };
      try {
        const info = await vscode.workspace.fs.stat(uri);
        if (kindOf(info.type) !== 'file') return { refused: 'is not a regular file' };
        if (info.size > maxBytes) return { refused: `is ${Math.round(info.size / 1024)} KB, larger than the ${Math.round(maxBytes / 1024)} KB read for a scaffold` };
        return { text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) };
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { missing: true };
        return { refused: `cannot be read (${code(error)})` };
      }
    },
    async readGitMetadata(absolutePath, maxBytes) {
      const name = absolutePath.slice(Math.max(absolutePath.lastIndexOf('/'), absolutePath.lastIndexOf('\\')) + 1);
      if (!['config', 'commondir'].includes(name)) return undefined;
      try {
        const uri = root.with({ path: vscode.Uri.file(absolutePath).path });
        const info = await vscode.workspace.fs.stat(uri);
        return kindOf(info.type) === 'file' && info.size <= maxBytes ? new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

// Links are not followed: one could lead out of the workspace or into a loop.
function kindOf(type: vscode.FileType): RepoEntry['kind'] {
  if (type & vscode.FileType.SymbolicLink) return 'other';
  if (type === vscode.FileType.File) return 'file';
  return type === vscode.FileType.Directory ? 'folder' : 'other';
}

import * as vscode from 'vscode';
import { DevopsError } from '../core/errors';
import { readFileCapped, tooLargeText } from '../core/boundedRead';
import { setSafeTimeout } from '../core/safeTimers';
import { maxSourceBytes } from '../core/yaml/sourceGuards';

/**
 * Reads a workspace file as UTF-8; undefined when it does not exist. A file above
 * `maxBytes` (default: what a hand-written YAML file may weigh) or one that is not a file
 * (a FIFO would block) is refused unread with DevopsError('invalid-data').
 */
export async function readTextFile(uri: vscode.Uri, maxBytes = maxSourceBytes): Promise<string | undefined> {
  const name = vscode.workspace.asRelativePath(uri);
  // A file on this host's disk is read directly: through vscode.workspace.fs each call waits
  // its turn behind the workbench's start-up, hundreds of milliseconds before any view has
  // rows. Other schemes (virtual and remote file systems) only vscode.workspace.fs reads.
  if (uri.scheme === 'file') return readLocalTextFile(uri.fsPath, name, maxBytes);
  try {
    const info = await vscode.workspace.fs.stat(uri);
    if ((info.type & vscode.FileType.File) === 0) throw new DevopsError('invalid-data', `${name} is not a regular file`);
    if (info.size > maxBytes) throw new DevopsError('invalid-data', tooLargeText(name, info.size, maxBytes));
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new TextDecoder('utf-8').decode(bytes);
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    if (DevopsError.is(error)) throw error;
    throw new DevopsError('io', `Could not read ${name}.`, { cause: error });
  }
}

async function readLocalTextFile(path: string, name: string, maxBytes: number): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8').decode(await readFileCapped(path, maxBytes, name));
  } catch (error) {
    if (DevopsError.is(error, 'not-found')) return undefined;
    if (DevopsError.is(error, 'invalid-data')) throw error;
    throw new DevopsError('io', `Could not read ${name}.`, { cause: error });
  }
}

export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls `onChange` when one file is created, changed, deleted or saved in the editor.
 * Bursts (a save fires both the watcher and the save event) collapse into one call.
 */
export function watchFile(uri: vscode.Uri, onChange: () => void, settleMs = 50): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setSafeTimeout(() => {
      timer = undefined;
      onChange();
    }, settleMs);
  };
  const folder = vscode.Uri.joinPath(uri, '..');
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name));
  const parts = [
    watcher,
    watcher.onDidCreate(schedule),
    watcher.onDidChange(schedule),
    watcher.onDidDelete(schedule),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.toString() === uri.toString()) schedule();
    }),
  ];
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    for (const part of parts) part.dispose();
  });
}

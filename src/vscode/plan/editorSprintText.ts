import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import { DiskSprintText } from '../../backends/plan/file/sprintText';
import type { SprintText } from '../../backends/plan/file/sprintText';

/**
 * The sprint file as the editor sees it: when the file is open with unsaved changes,
 * reads return the editor's text and writes go through a WorkspaceEdit, so the user's
 * unsaved work is edited, never overwritten. Otherwise the file on disk is used.
 */
export class EditorSprintText implements SprintText {
  private readonly disk: DiskSprintText;

  /** `workspace`: the folder the file must stay in (see DiskSprintText). */
  constructor(
    private readonly uri: vscode.Uri,
    workspace: string,
  ) {
    this.disk = new DiskSprintText(uri.fsPath, workspace);
  }

  get name(): string {
    return this.uri.fsPath;
  }

  read(signal: AbortSignal): Promise<string> {
    const document = this.dirtyDocument();
    return document ? Promise.resolve(document.getText()) : this.disk.read(signal);
  }

  async write(next: string, expected: string, signal: AbortSignal): Promise<void> {
    const document = this.dirtyDocument();
    if (!document) return this.disk.write(next, expected, signal);
    if (document.getText() !== expected) throw new DevopsError('conflict', `${this.name} changed while it was being edited; nothing was written`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(expected.length)), next);
    if (!(await vscode.workspace.applyEdit(edit))) throw new DevopsError('conflict', `the editor refused the change to ${this.name}; nothing was written`);
  }

  private dirtyDocument(): vscode.TextDocument | undefined {
    const key = this.uri.toString();
    return vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === key && doc.isDirty);
  }
}

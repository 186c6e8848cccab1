import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import { DisposableOwner } from '../disposableStore';
import type { ContextKeys } from '../contextKeys';

/**
 * The one place that knows whether the workspace is trusted. Everything that would
 * run something (the ProcessRunner port, deploys, log commands) asks here first.
 */
export class WorkspaceTrustGate extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<boolean>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly contextKeys: ContextKeys) {
    super();
    this.contextKeys.set('devops.restricted', !this.isTrusted);
    this.register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.contextKeys.set('devops.restricted', false);
        this.changed.fire(true);
      }),
    );
  }

  get isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** Throws DevopsError('untrusted') naming the refused action. */
  assertTrusted(action: string): void {
    if (!this.isTrusted) {
      throw new DevopsError('untrusted', `Restricted Mode: ${action} is not allowed until you trust this folder.`);
    }
  }
}

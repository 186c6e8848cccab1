import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type MonitorSnapshot, type WebviewMessage } from '../../protocol/monitorProtocol';
import { CommandId, ViewId } from '../commands/commandIds';
import { DisposablePart } from '../disposableStore';
import { webviewHtml } from '../webviewHtml';
import type { MonitorModel } from './monitorModel';

/** Hosts the Monitor webview view: sends snapshots, checks every message that comes back. */
export class MonitorViewProvider extends DisposablePart implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private readonly resolvedEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when VS Code creates the view (first show, or show after being disposed). */
  readonly onDidResolve = this.resolvedEmitter.event;
  private readonly readyEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when the page has loaded and asked for state. */
  readonly onDidReceiveReady = this.readyEmitter.event;
  private lastPosted: MonitorSnapshot | undefined;
  private dropped = 0;
  private rendered: number | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: MonitorModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(vscode.window.registerWebviewViewProvider(ViewId.monitor, this));
    this.register(model.onDidChange((snapshot) => this.post({ type: 'snapshot', snapshot })));
  }

  /** The snapshot last sent to the page, for tests. */
  get lastSnapshotSent(): MonitorSnapshot | undefined {
    return this.lastPosted;
  }

  get isResolved(): boolean {
    return this.view !== undefined;
  }

  /** The snapshot revision the page last said it drew. */
  get lastRenderedRevision(): number | undefined {
    return this.rendered;
  }

  /** Messages from the page that failed the protocol check. */
  get droppedMessages(): number {
    return this.dropped;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = webviewHtml(view.webview, {
      title: 'Monitor',
      script: vscode.Uri.joinPath(dist, 'webview.js'),
      styles: [vscode.Uri.joinPath(media, 'monitor.css')],
    });
    const listener = view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    view.onDidDispose(() => {
      listener.dispose();
      if (this.view === view) this.view = undefined;
    });
    this.resolvedEmitter.fire();
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) {
      this.dropped++;
      this.log.warn('Monitor: dropped a message that does not fit the protocol');
      return;
    }
    this.handle(raw);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.readyEmitter.fire();
        this.post({ type: 'snapshot', snapshot: this.model.snapshot });
        return;
      case 'requestLogs':
        // Log streaming arrives with issue 7; until then there is nothing to resend.
        return;
      case 'openConfig':
        void vscode.commands.executeCommand(CommandId.openConfig);
        return;
      case 'rendered':
        this.rendered = message.revision;
        return;
    }
  }

  private post(message: HostMessage): void {
    if (!this.view) return;
    if (message.type === 'snapshot') this.lastPosted = message.snapshot;
    void this.view.webview.postMessage(message);
  }
}
